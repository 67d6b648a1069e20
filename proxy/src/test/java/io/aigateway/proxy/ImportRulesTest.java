package io.aigateway.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The proxy's shape, checked on its compiled classes: no package cycles, and translators kept apart from the request
 * path.
 */
class ImportRulesTest {

    private static final JavaClasses PROXY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.aigateway.proxy");

    @Test
    void shouldHaveNoPackageCycles() {
        // (**) captures the whole package name, so every package, the root one too, is a slice of its own.
        slices().matching("io.aigateway.(**)").should().beFreeOfCycles().check(PROXY);
    }

    @Test
    void translatorsShouldNotImportTheServerSide() {
        noClasses().that().resideInAPackage("io.aigateway.proxy.provider..")
                .should().dependOnClassesThat().resideInAnyPackage("io.aigateway.proxy.http..",
                        "io.aigateway.proxy.auth..", "io.aigateway.proxy.config..")
                .orShould().dependOnClassesThat().haveNameMatching("io\\.vertx\\.core\\.http\\.HttpServer.*")
                .because("a translator turns one API's messages into another's; receiving requests, credentials "
                        + "and config are the request path's")
                .check(PROXY);
    }
}
