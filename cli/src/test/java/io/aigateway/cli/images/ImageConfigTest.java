package io.aigateway.cli.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.OperatorSettings;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewaySpec;
import io.aigateway.operator.reconciler.gateway.ProxyObjects;
import io.aigateway.proxy.ProxyEnvironment;
import io.aigateway.proxy.ProxyMain;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Jib configuration of the images (parent, operator and proxy poms) says what the code expects: the main
 * classes, the ports the operator and the proxy listen on, the proxy image the operator runs by default, and the
 * user the operator runs proxy pods as.
 */
class ImageConfigTest {

    private static final String JIB = "//plugin[artifactId='jib-maven-plugin']/configuration/";

    @Test
    void shouldRunTheOperatorMainClassWithItsMetricsPortExposed() throws Exception {
        Document pom = pom("operator");

        assertThat(text(pom, JIB + "skip")).isEqualTo("false");
        assertThat(text(pom, JIB + "container/mainClass")).isEqualTo(AIGatewayOperator.class.getName());
        assertThat(texts(pom, JIB + "container/ports/port"))
                .containsExactly(String.valueOf(OperatorSettings.DEFAULT_METRICS_PORT));
        assertThat(text(pom, JIB + "to/image")).isEqualTo("ghcr.io/ai-gateway-operator/operator:${project.version}");
    }

    @Test
    void shouldBuildTheProxyImageTheOperatorRunsByDefault() throws Exception {
        Document pom = pom("proxy");

        assertThat(text(pom, JIB + "skip")).isEqualTo("false");
        assertThat(text(pom, JIB + "container/mainClass")).isEqualTo(ProxyMain.class.getName());
        assertThat(texts(pom, JIB + "container/ports/port")).containsExactly(
                String.valueOf(ProxyEnvironment.DEFAULT_PORT), String.valueOf(ProxyEnvironment.DEFAULT_ADMIN_PORT));
        assertThat(List.of(ProxyObjects.HTTP_PORT, ProxyObjects.ADMIN_PORT))
                .containsExactly(ProxyEnvironment.DEFAULT_PORT, ProxyEnvironment.DEFAULT_ADMIN_PORT);
        // The operator's default image is this repository at the operator's own version (build.properties).
        assertThat(text(pom, JIB + "to/image")).isEqualTo(ProxyObjects.DEFAULT_IMAGE_REPOSITORY + ":${project.version}");
        assertThat(ProxyObjects.defaultImage()).startsWith(ProxyObjects.DEFAULT_IMAGE_REPOSITORY + ":");
    }

    @Test
    void shouldGiveTheProxyASmallerHeapShareAndNettysSmallerDirectMemoryChunksBesideTheSharedFlags() throws Exception {
        Document proxy = pom("proxy");

        // Appended to the parent's list, which a child's list would otherwise replace; the later percentage wins.
        assertThat(text(proxy, JIB + "container/jvmFlags/@combine.children")).isEqualTo("append");
        assertThat(texts(proxy, JIB + "container/jvmFlags/jvmFlag"))
                .containsExactly("-XX:MaxRAMPercentage=60", "-Dio.netty.allocator.maxOrder=7");
        assertThat(texts(pom("."), JIB + "container/jvmFlags/jvmFlag"))
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void shouldRunImagesAsTheNonRootUserOfTheProxyPods() throws Exception {
        AIGateway gateway = new AIGateway();
        gateway.setMetadata(new ObjectMetaBuilder().withName("gw").withNamespace("default").build());
        gateway.setSpec(new AIGatewaySpec());
        PodSecurityContext pods = ProxyObjects.deployment(gateway, ProxyObjects.defaultImage()).getSpec().getTemplate().getSpec()
                .getSecurityContext();
        Document parent = pom(".");

        assertThat(text(parent, JIB + "container/user")).isEqualTo(pods.getRunAsUser() + ":" + pods.getRunAsGroup());
        assertThat(text(parent, JIB + "skip")).as("modules that are no image skip").isEqualTo("true");
    }

    private static Document pom(String module) throws Exception {
        Path file = TestPaths.samples().getParent().resolve(module).resolve("pom.xml");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document pom, String xpath) throws Exception {
        List<String> found = texts(pom, xpath);
        assertThat(found).as(xpath).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(Document pom, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, pom, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
