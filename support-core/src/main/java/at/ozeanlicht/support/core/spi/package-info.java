/** Ports: the interfaces adapters and hosts implement, and the records that cross them. */
@NullMarked
package at.ozeanlicht.support.core.spi;

import org.jspecify.annotations.NullMarked;
