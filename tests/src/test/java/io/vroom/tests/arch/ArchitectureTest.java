package io.vroom.tests.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's dependency rules, checked on the compiled classes so that a violation fails
 * {@code mvn verify}. (maven-enforcer checks the Maven-level rules: which module may depend on
 * which library.)
 */
class ArchitectureTest {
    /** Sans-IO packages: protocol cores and everything that is VR state. */
    static final String[] SANS_IO = {"io.vroom.ospf..", "io.vroom.bgp..", "io.vroom.core.tcp..", "io.vroom.core.rib..",
            "io.vroom.core.vr..", "io.vroom.core.host..", "io.vroom.core.spi.."};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.vroom");
    }

    @Test
    void protocolCoresReadNoClockStartNoThreadAndOpenNoSocket() {
        ArchRule rule = noClasses().that().resideInAnyPackage(SANS_IO)
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callConstructor(Random.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.net..", "io.netty..", "java.nio.channels..",
                        "java.util.concurrent.locks..", "java.time..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("DESIGN.md: protocol code is sans-IO — time is passed in, randomness is seeded, I/O belongs to runtimes");
        rule.check(classes);
    }

    @Test
    void theForwardingEngineTakesTimeFromItsRuntime() {
        // The engine is shared by the simulator and real nodes: it may be multi-threaded (it is
        // the data plane), but time and I/O come from the runtime that drives it.
        noClasses().that().resideInAPackage("io.vroom.core.forward..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callConstructor(Random.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.net..", "io.netty..", "java.time..")
                .check(classes);
    }

    @Test
    void thirdPartyLibrariesStayInTheirModule() {
        noClasses().that().resideOutsideOfPackages("io.vroom.snapshot..", "io.vroom.tests..")
                .should().dependOnClassesThat().resideInAnyPackage("com.esotericsoftware..")
                .because("Kryo only in snapshot").check(classes);
        noClasses().that().resideOutsideOfPackages("io.vroom.dataplane..", "io.vroom.tests..")
                .should().dependOnClassesThat().resideInAnyPackage("net.openhft..")
                .because("Chronicle only in dataplane").check(classes);
        noClasses().that().resideOutsideOfPackages("io.vroom.dataplane..", "io.vroom.netfpga..", "io.vroom.tests..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..")
                .because("JNR-FFI only in dataplane and netfpga").check(classes);
    }

    @Test
    void modulesDependOnlyOnCore() {
        String[][] modules = {{"io.vroom.ospf..", "ospf"}, {"io.vroom.bgp..", "bgp"}, {"io.vroom.dataplane..", "dataplane"},
                {"io.vroom.netfpga..", "netfpga"}, {"io.vroom.snapshot..", "snapshot"}};
        for (String[] m : modules) {
            for (String[] other : modules) {
                if (m == other) continue;
                noClasses().that().resideInAPackage(m[0]).should().dependOnClassesThat().resideInAPackage(other[0])
                        .because(m[1] + " may depend only on core, not on " + other[1]).allowEmptyShould(true).check(classes);
            }
            noClasses().that().resideInAPackage("io.vroom.core..").should().dependOnClassesThat().resideInAPackage(m[0])
                    .because("core depends on no other module").allowEmptyShould(true).check(classes);
        }
    }
}
