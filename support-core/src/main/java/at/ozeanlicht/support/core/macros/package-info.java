/**
 * Canned responses, macros and their template rendering: the values a workspace's {@code
 * macros.yaml} is loaded into ({@link at.ozeanlicht.support.core.macros.MacroCatalog}) and {@link
 * at.ozeanlicht.support.core.macros.Templates}, which checks and renders Pebble templates with
 * strict variables.
 */
@NullMarked
package at.ozeanlicht.support.core.macros;

import org.jspecify.annotations.NullMarked;
