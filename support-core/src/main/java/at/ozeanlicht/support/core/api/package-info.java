/**
 * The public face of the library: the {@link at.ozeanlicht.support.core.api.SupportEngine}
 * facade and its builder, command and query records, read models ({@code …View}) and exceptions.
 */
@NullMarked
package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.NullMarked;
