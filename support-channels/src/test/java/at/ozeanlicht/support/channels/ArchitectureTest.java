package at.ozeanlicht.support.channels;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package rules from STYLE.md for the channel adapters. */
class ArchitectureTest {
  private static JavaClasses channels;

  @BeforeAll
  static void importClasses() {
    channels = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("at.ozeanlicht.support.channels");
  }

  @Test
  void adapters_compileOnlyAgainstCoreApiDomainAndSpi() {
    noClasses().should().dependOnClassesThat(
            resideInAPackage("at.ozeanlicht.support.core..").and(not(resideInAnyPackage(
                "at.ozeanlicht.support.core.api..", "at.ozeanlicht.support.core.domain..",
                "at.ozeanlicht.support.core.spi.."))))
        .check(channels);
  }

  @Test
  void channelPackages_exposeOnlyTheirProviderAndConfig() {
    classes().that().resideInAnyPackage("..channels.whatsapp..", "..channels.telegram..",
            "..channels.web..", "..channels.email..")
        .and().arePublic()
        .should().implement(ChannelAdapterProvider.class)
        .orShould().beAssignableTo(Record.class)
        .check(channels);
  }

  @Test
  void publicProviders_areFinal() {
    classes().that().implement(ChannelAdapterProvider.class)
        .should().haveModifier(JavaModifier.FINAL).andShould().bePublic()
        .check(channels);
  }

  @Test
  void library_logsOnlyThroughSlf4j() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..",
            "org.apache.log4j..", "java.util.logging..")
        .check(channels);
  }
}
