package dev.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM has no parent (on purpose), so nothing else keeps it in step with the reactor: this does. */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theBomListsEveryPublishedModuleAndHasTheReactorsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("sentinel-bom/pom.xml"));
    List<String> published = new ArrayList<>();
    for (String module : texts(parent.getDocumentElement(), "module")) {
      Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
      String packaging = childText(pom.getDocumentElement(), "packaging", "jar");
      // The examples and the BOM itself are not something a consumer depends on.
      if (!module.equals("sentinel-examples") && !packaging.equals("pom")) {
        published.add(childText(pom.getDocumentElement(), "artifactId", ""));
      }
    }
    Element managed = (Element) bom.getElementsByTagName("dependencyManagement").item(0);
    assertThat(texts(managed, "artifactId")).containsExactlyInAnyOrderElementsOf(published);
    assertThat(childText(bom.getDocumentElement(), "version", ""))
        .isEqualTo(childText(parent.getDocumentElement(), "version", "?"));
  }

  @Test
  void theOutsideConsumerAsksForTheReactorsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document consumer = read(ROOT.resolve("examples/consumer/pom.xml"));
    assertThat(texts(consumer.getDocumentElement(), "sentinel.version"))
        .containsExactly(childText(parent.getDocumentElement(), "version", "?"));
  }

  private static Document read(Path pom) throws Exception {
    assertThat(pom).exists();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
  }

  private static List<String> texts(Element scope, String tag) {
    NodeList nodes = scope.getElementsByTagName(tag);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().strip());
    }
    return values;
  }

  /** The text of a direct child of {@code element}, or {@code otherwise}. */
  private static String childText(Element element, String tag, String otherwise) {
    for (var n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().strip();
      }
    }
    return otherwise;
  }
}
