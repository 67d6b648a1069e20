package io.aigateway.operator;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void shouldHaveNoPackageCycles() {
        // (**) captures the whole package name, so every package, the root one too, is a slice of its own.
        slices().matching("io.aigateway.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.aigateway.operator"));
    }
}
