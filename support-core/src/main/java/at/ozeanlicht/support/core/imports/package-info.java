/**
 * Reading conversations to import from files: {@link
 * at.ozeanlicht.support.core.imports.ConversationJsonlReader} turns one JSON object per line into
 * {@link at.ozeanlicht.support.core.api.ImportConversation} commands or field problems. Writing
 * them fast: {@link at.ozeanlicht.support.core.imports.BulkImport} (PostgreSQL COPY, behind
 * {@code SupportEngine.importConversationsBulk}) and {@link
 * at.ozeanlicht.support.core.imports.SearchBackfill}, which fills the search vectors the bulk path
 * defers.
 */
@NullMarked
package at.ozeanlicht.support.core.imports;

import org.jspecify.annotations.NullMarked;
