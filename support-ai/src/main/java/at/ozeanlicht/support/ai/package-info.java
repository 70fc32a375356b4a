/**
 * AI adapters: offline analyzers (language, sentiment, category), knowledge-base search and
 * first-response drafts, plus an OpenAI-compatible HTTP adapter. The boundary guard that decides
 * when AI may answer lives in core.
 */
@NullMarked
package at.ozeanlicht.support.ai;

import org.jspecify.annotations.NullMarked;
