package at.ozeanlicht.support.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package rules from STYLE.md, enforced. */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importClasses() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("at.ozeanlicht.support.core");
  }

  @Test
  void entities_liveInStoreAndAreNotPublic() {
    classes().that().areAnnotatedWith(Entity.class)
        .should().resideInAPackage("..core.store..")
        .andShould().notHaveModifier(JavaModifier.PUBLIC)
        .check(core);
  }

  @Test
  void domain_dependsOnNoPersistenceOrStore() {
    noClasses().that().resideInAPackage("..core.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..",
            "..core.store..", "com.zaxxer..", "org.flywaydb..")
        .check(core);
  }

  @Test
  void core_dependsOnNoAdapterModule() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "at.ozeanlicht.support.channels..", "at.ozeanlicht.support.ai..", "at.ozeanlicht.support.cli..")
        .check(core);
  }

  @Test
  void library_logsOnlyThroughSlf4j() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "org.apache.log4j..",
            "java.util.logging..")
        .check(core);
  }

  @Test
  void spi_doesNotExposeTheStoreImplementation() {
    noClasses().that().resideInAPackage("..core.spi..")
        .should().dependOnClassesThat().resideInAPackage("..core.store..")
        .check(core);
  }
}
