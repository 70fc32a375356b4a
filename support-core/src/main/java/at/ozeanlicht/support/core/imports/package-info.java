/**
 * Reading conversations to import from files: {@link
 * at.ozeanlicht.support.core.imports.ConversationJsonlReader} turns one JSON object per line into
 * {@link at.ozeanlicht.support.core.api.ImportConversation} commands or field problems.
 */
@NullMarked
package at.ozeanlicht.support.core.imports;

import org.jspecify.annotations.NullMarked;
