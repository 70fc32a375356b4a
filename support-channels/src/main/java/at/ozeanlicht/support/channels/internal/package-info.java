/** Helpers shared by the channel packages; public for them only and no promise to anyone else. */
@NullMarked
package at.ozeanlicht.support.channels.internal;

import org.jspecify.annotations.NullMarked;
