package io.aigateway.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ModelImportsTest {

    @Test
    void shouldImportNothingOfKubernetesOrVertx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..",
                        "io.vertx..")
                .because("the model is the contract between operator and proxy and knows nothing of Kubernetes or Vert.x")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.aigateway.model"));
    }
}
