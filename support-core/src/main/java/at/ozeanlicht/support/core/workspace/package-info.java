/** Config as code: loading and validating a workspace directory ({@code workspace.yaml}). */
@NullMarked
package at.ozeanlicht.support.core.workspace;

import org.jspecify.annotations.NullMarked;
