package at.ozeanlicht.support.ai.kb;

import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import at.ozeanlicht.support.core.workspace.KbLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.jspecify.annotations.Nullable;

/**
 * {@link KnowledgeBase} on Apache Lucene 9 with BM25 ranking, built in memory (a {@link
 * ByteBuffersDirectory}) from the articles when it is created; nothing is written to disk or
 * downloaded. Articles are indexed per language, each with its own analyzer: German ({@link
 * GermanAnalyzer}: stop words, ä/ae folding, light stemming) and English ({@link EnglishAnalyzer}:
 * stop words, possessives, Porter stemming); other languages get the {@link StandardAnalyzer}. A
 * query is analyzed with the analyzer of each index it is run against and matched against title
 * (boost 3), tags (boost 2) and body. With a language, that language's articles come first and the
 * other languages fill up to the limit as fallback hits; without one all languages are merged by
 * score.
 *
 * <p>Immutable and thread-safe. Building 10,000 articles takes a few seconds; rebuild to pick up
 * changed articles.
 */
public final class LuceneKnowledgeBase implements KnowledgeBase {
  private static final float TITLE_BOOST = 3f;
  private static final float TAGS_BOOST = 2f;
  private static final int MAX_TERMS = 64;

  private final Map<String, Index> indexes;
  private final Map<String, KbArticle> articles;

  private LuceneKnowledgeBase(Map<String, Index> indexes, Map<String, KbArticle> articles) {
    this.indexes = indexes;
    this.articles = articles;
  }

  /**
   * Indexes {@code articles}.
   *
   * @throws IllegalArgumentException if two articles share an id
   */
  public static LuceneKnowledgeBase of(List<KbArticle> articles) {
    Objects.requireNonNull(articles, "articles");
    Map<String, KbArticle> byId = new LinkedHashMap<>();
    Map<String, List<KbArticle>> byLanguage = new TreeMap<>();
    for (KbArticle a : articles) {
      if (byId.putIfAbsent(a.id(), a) != null) {
        throw new IllegalArgumentException("articles: duplicate id '" + a.id() + "'");
      }
      byLanguage.computeIfAbsent(a.language(), l -> new ArrayList<>()).add(a);
    }
    Map<String, Index> indexes = new LinkedHashMap<>();
    byLanguage.forEach((language, list) -> indexes.put(language, Index.build(language, list)));
    return new LuceneKnowledgeBase(indexes, byId);
  }

  /**
   * Indexes the articles in a workspace's {@code kb/} directory (none when it has none).
   *
   * @throws at.ozeanlicht.support.core.api.ValidationException if an article is invalid
   */
  public static LuceneKnowledgeBase fromWorkspace(Path workspaceDir) {
    return of(KbLoader.loadWorkspace(workspaceDir));
  }

  @Override
  public List<KbHit> search(String query, @Nullable String language, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit: must be between 1 and 100, was " + limit);
    }
    if (query.isBlank()) {
      return List.of();
    }
    List<KbHit> out = new ArrayList<>();
    Index preferred = language == null ? null : indexes.get(language);
    if (preferred != null) {
      out.addAll(preferred.search(query, limit, false));
    }
    if (out.size() < limit) {
      List<KbHit> others = new ArrayList<>();
      for (Index index : indexes.values()) {
        if (index != preferred) {
          others.addAll(index.search(query, limit, language != null));
        }
      }
      others.sort(Comparator.comparingDouble(KbHit::score).reversed());
      for (KbHit h : others) {
        if (out.size() == limit) {
          break;
        }
        out.add(h);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<KbArticle> article(String id) {
    return Optional.ofNullable(articles.get(Objects.requireNonNull(id, "id")));
  }

  @Override
  public int size() {
    return articles.size();
  }

  /** The languages that have articles, sorted. */
  public Set<String> languages() {
    return Set.copyOf(indexes.keySet());
  }

  /** One language's in-memory index. */
  private static final class Index {
    private final Analyzer analyzer;
    private final IndexSearcher searcher;
    private final List<KbArticle> docs;

    private Index(Analyzer analyzer, IndexSearcher searcher, List<KbArticle> docs) {
      this.analyzer = analyzer;
      this.searcher = searcher;
      this.docs = docs;
    }

    static Index build(String language, List<KbArticle> list) {
      Analyzer analyzer = switch (language) {
        case "de" -> new GermanAnalyzer();
        case "en" -> new EnglishAnalyzer();
        default -> new StandardAnalyzer();
      };
      ByteBuffersDirectory dir = new ByteBuffersDirectory();
      // A log merge policy merges adjacent segments only, so after forceMerge(1) the document id
      // is the position in the list and no stored field has to be read per hit.
      IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity())
          .setMergePolicy(new LogByteSizeMergePolicy()).setRAMBufferSizeMB(64);
      try (IndexWriter w = new IndexWriter(dir, config)) {
        for (int i = 0; i < list.size(); i++) {
          KbArticle a = list.get(i);
          Document d = new Document();
          d.add(new StringField("id", a.id(), Field.Store.NO));
          d.add(new TextField("title", a.title(), Field.Store.NO));
          d.add(new TextField("tags", String.join(" , ", a.tags()), Field.Store.NO));
          d.add(new TextField("body", a.body(), Field.Store.NO));
          w.addDocument(d);
        }
        w.forceMerge(1);
      } catch (IOException e) {
        throw new UncheckedIOException("knowledge base: cannot build the in-memory index", e);
      }
      try {
        DirectoryReader reader = DirectoryReader.open(dir);
        if (reader.maxDoc() != list.size() || reader.leaves().size() > 1) {
          throw new IllegalStateException("knowledge base: index of " + list.size()
              + " articles has " + reader.maxDoc() + " documents in " + reader.leaves().size() + " segments");
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setSimilarity(new BM25Similarity());
        return new Index(analyzer, searcher, List.copyOf(list));
      } catch (IOException e) {
        throw new UncheckedIOException("knowledge base: cannot open the in-memory index", e);
      }
    }

    List<KbHit> search(String text, int limit, boolean fallback) {
      Set<String> terms = terms(text);
      if (terms.isEmpty()) {
        return List.of();
      }
      BooleanQuery.Builder q = new BooleanQuery.Builder();
      for (String t : terms) {
        q.add(new BoostQuery(new TermQuery(new Term("title", t)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
        q.add(new BoostQuery(new TermQuery(new Term("tags", t)), TAGS_BOOST), BooleanClause.Occur.SHOULD);
        q.add(new TermQuery(new Term("body", t)), BooleanClause.Occur.SHOULD);
      }
      Query query = q.build();
      try {
        ScoreDoc[] top = searcher.search(query, limit).scoreDocs;
        List<KbHit> hits = new ArrayList<>(top.length);
        for (ScoreDoc sd : top) {
          KbArticle a = docs.get(sd.doc);
          hits.add(new KbHit(a.id(), a.title(), a.category(), a.language(), sd.score, fallback));
        }
        return hits;
      } catch (IOException e) {
        throw new UncheckedIOException("knowledge base: in-memory search failed", e);
      }
    }

    /** The query's analyzed terms (same analyzer as the fields), at most MAX_TERMS of them. */
    private Set<String> terms(String text) {
      Set<String> out = new HashSet<>();
      try (TokenStream ts = analyzer.tokenStream("body", text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken() && out.size() < MAX_TERMS) {
          out.add(term.toString());
        }
        ts.end();
      } catch (IOException e) {
        throw new UncheckedIOException("knowledge base: cannot analyze the query", e);
      }
      return out;
    }
  }
}
