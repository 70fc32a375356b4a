/** The {@code support} command-line tool. */
@NullMarked
package at.ozeanlicht.support.cli;

import org.jspecify.annotations.NullMarked;
