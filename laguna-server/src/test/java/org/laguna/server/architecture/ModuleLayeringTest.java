package org.laguna.server.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module layering of docs/ARCHITECTURE (section 3), checked on the compiled main classes of
 * every module: the SPI needs nothing but the JDK, the core knows no REST server, command line or
 * client, plugins know only the SPI, and no package cycle exists, within a module or across.
 * Exceptions, where one is ever accepted, are named in docs/architecture-notes.md and here, each
 * as an ignored dependency with its reason.
 */
class ModuleLayeringTest {
    private static final String SPI = "org.laguna.spi..";
    private static final String CORE = "org.laguna.core..";
    private static final String SERVER = "org.laguna.server..";
    private static final String CLI = "org.laguna.cli..";
    private static final String CLIENT = "org.laguna.client..";
    private static final String[] PLUGINS = {"org.laguna.storage..", "org.laguna.transfer..", "org.laguna.policy.."};

    /** Main classes only: the test classes of this module and the test jars it uses are left out. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.laguna");

    private static final DescribedPredicate<JavaClass> IN_THE_JDK =
            DescribedPredicate.describe("are part of the JDK", ModuleLayeringTest::inTheJdk);

    @Test
    void everyModuleIsChecked() {
        List<String> packages = MAIN.stream().map(JavaClass::getPackageName).distinct().toList();
        assertThat(packages).contains("org.laguna.spi.storage", "org.laguna.core.rule", "org.laguna.server.api", "org.laguna.cli",
                "org.laguna.client", "org.laguna.storage.posix", "org.laguna.storage.s3", "org.laguna.storage.webdav",
                "org.laguna.transfer.fts3", "org.laguna.policy.generic");
        assertThat(MAIN.stream().map(JavaClass::getSimpleName)).doesNotContain("ModuleLayeringTest", "TestCore");
    }

    @Test
    void theSpiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage(SPI)
                .should().onlyDependOnClassesThat(IN_THE_JDK.or(resideInAPackage(SPI)))
                .check(MAIN);
    }

    @Test
    void theCoreKnowsNeitherTheServerNorTheCommandLineNorTheClient() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(SERVER, CLI, CLIENT)
                .check(MAIN);
    }

    @Test
    void theClientAndTheCommandLineKnowNeitherTheCoreNorTheServer() {
        noClasses().that().resideInAnyPackage(CLIENT, CLI)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, SERVER)
                .check(MAIN);
    }

    @Test
    void pluginsKnowNoLagunaModuleButTheSpi() {
        noClasses().that().resideInAnyPackage(PLUGINS)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, SERVER, CLI, CLIENT)
                .check(MAIN);
    }

    @Test
    void pluginsDoNotDependOnEachOther() {
        slices().assignedFrom(new PluginSlices()).should().notDependOnEachOther().check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("org.laguna.(**)").should().beFreeOfCycles().check(MAIN);
    }

    /** Loadable by the platform class loader: the JDK's own modules, nothing from the class path. */
    private static boolean inTheJdk(JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        if (base.isPrimitive()) {
            return true;
        }
        try {
            Class.forName(base.getName(), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** One slice per plugin: {@code org.laguna.storage.s3}, {@code org.laguna.transfer.fts3}, ... */
    private static final class PluginSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String[] parts = type.getPackageName().split("\\.");
            boolean plugin = parts.length >= 4 && List.of("storage", "transfer", "policy").contains(parts[2]);
            return plugin ? SliceIdentifier.of(parts[2] + "." + parts[3]) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "plugins";
        }
    }
}
