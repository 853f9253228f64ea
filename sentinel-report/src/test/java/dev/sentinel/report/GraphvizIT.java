package dev.sentinel.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The DOT Sentinel writes, read by Graphviz itself ({@code dot}, from Debian's graphviz package,
 * which {@code scripts/test.sh} installs): it parses, and every node and edge is in what it draws.
 */
class GraphvizIT {
  @Test
  void graphvizLaysOutEveryNodeAndEdgeOfTheDotWithoutAWarning() throws Exception {
    StackGraph graph = StackGraph.compare(StackGraphTest.shop().resolve("development"), StackGraphTest.shop().resolve("production"));
    Path dot = Files.createTempFile("graph", ".dot");
    Path svg = Files.createTempFile("graph", ".svg");
    try {
      Files.writeString(dot, graph.toDot());
      Process p;
      try {
        p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new AssertionError("Graphviz's dot is needed (apt-get install graphviz; scripts/test.sh does): " + e.getMessage(), e);
      }
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("dot said: %s", said).isZero();
      assertThat(said).as("warnings from dot").isEmpty();
      DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
      // Graphviz's SVG names the W3C DTD; there is no network to fetch it from, nor a need.
      xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document drawn = xml.newDocumentBuilder().parse(svg.toFile());
      // Graphviz titles each node's group with its ID and each edge's with "from->to".
      var titles = drawn.getElementsByTagName("title");
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < titles.getLength(); i++) {
        seen.add(titles.item(i).getTextContent());
      }
      graph.nodes().forEach(n -> assertThat(seen).as("node %s drawn", n.id()).contains(n.id()));
      graph.edges().forEach(e -> assertThat(seen).as("edge %s->%s drawn", e.from(), e.to()).contains(e.from() + "->" + e.to()));
      assertThat(Files.readString(svg)).contains("web").contains("was port 127.0.0.1:5005 → 5005/tcp".substring(4));
    } finally {
      Files.deleteIfExists(dot);
      Files.deleteIfExists(svg);
    }
  }
}
