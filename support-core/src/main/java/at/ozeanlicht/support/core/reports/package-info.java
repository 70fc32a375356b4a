/**
 * Weekly and monthly support reports: {@link at.ozeanlicht.support.core.reports.Reports} computes
 * a {@link at.ozeanlicht.support.core.reports.Report} in PostgreSQL (aggregates and {@code
 * percentile_cont}, never by loading every row), {@link
 * at.ozeanlicht.support.core.reports.ReportFormat} renders it as JSON, Markdown, HTML or CSV.
 */
@NullMarked
package at.ozeanlicht.support.core.reports;

import org.jspecify.annotations.NullMarked;
