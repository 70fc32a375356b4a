/**
 * Business hours, SLA policies and deadline arithmetic. Pure: no database, time passed in as an
 * {@link java.time.Instant}. {@link at.ozeanlicht.support.core.sla.BusinessCalendar} computes
 * deadlines and business time; {@link at.ozeanlicht.support.core.sla.BusinessHours} parses the
 * weekly hours syntax; {@link at.ozeanlicht.support.core.sla.SlaConfig} holds the calendars and
 * policies of a workspace ({@code sla.yaml}).
 */
@NullMarked
package at.ozeanlicht.support.core.sla;

import org.jspecify.annotations.NullMarked;
