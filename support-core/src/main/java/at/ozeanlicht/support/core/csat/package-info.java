/**
 * Customer satisfaction: parsing chat replies to a survey ({@link
 * at.ozeanlicht.support.core.csat.CsatReplies}) and signing survey links ({@link
 * at.ozeanlicht.support.core.csat.SurveyTokens}). Pure; the engine stores surveys and ratings.
 */
@NullMarked
package at.ozeanlicht.support.core.csat;

import org.jspecify.annotations.NullMarked;
