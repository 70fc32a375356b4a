package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase;
import at.ozeanlicht.support.core.api.FirstResponsePolicy;
import at.ozeanlicht.support.core.api.PrivacySettings;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.workspace.KbLoader;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an engine that receives messages gets from the workspace directory: the routing rules
 * ({@code routing.yaml}; without it the AI boundary guard still applies), the knowledge base
 * ({@code kb/}, Lucene) and the automatic first response ({@code first_response} in {@code
 * ai.yaml}) and the privacy settings ({@code privacy.yaml}). The offline analyzer comes in through adapter discovery.
 */
final class AiWiring {
  private AiWiring() {}

  static void apply(SupportEngine.Builder b, Path dir, Workspace ws) {
    b.routing(Router.load(dir, ws));
    if (Files.isDirectory(dir.resolve(KbLoader.KB_DIR))) {
      b.knowledgeBase(LuceneKnowledgeBase.fromWorkspace(dir));
    }
    FirstResponsePolicy.load(dir).ifPresent(b::firstResponse);
    PrivacySettings.load(dir).ifPresent(b::privacy); // who may see what (issue 10)
  }
}
