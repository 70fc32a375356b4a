/**
 * Knowledge-base search with Apache Lucene: {@link at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase}
 * is the only public type.
 */
@NullMarked
package at.ozeanlicht.support.ai.kb;

import org.jspecify.annotations.NullMarked;
