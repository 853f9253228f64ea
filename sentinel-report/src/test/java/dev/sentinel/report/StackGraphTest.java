package dev.sentinel.report;

import static dev.sentinel.dsl.Units.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.report.StackGraph.Change;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class StackGraphTest {
  /** A web app, its database, a worker; development runs one worker, production three and no debug port. */
  static Stack shop() {
    return Stack.define("shop", s -> {
      s.network("front").network("back", n -> n.internal())
          .volume("db-data")
          .secret("db-password", x -> x.generated(16));
      s.service("db", d -> d.image("postgres:16").network("back").mountVolume("db-data", "/var/lib/postgresql/data")
          .secret("db-password")
          .healthCheck(h -> h.command("pg_isready").every(seconds(5)).retries(3)));
      s.service("web", w -> w.image("shop/web:1.0").network("front").network("back").port("127.0.0.1:8080:8080")
          .dependsOn("db", Dependency.Condition.HEALTHY));
      s.service("worker", w -> w.image("shop/worker:1.0").network("back").dependsOn("db", Dependency.Condition.STARTED));
      s.environment("development", e -> e.service("web", w -> w.port("127.0.0.1:5005:5005")));
      s.environment("production", e -> e.service("worker", w -> w.replicas(3)));
    });
  }

  @Test
  void mermaidOfOneEnvironmentIsTheHandWrittenFlowchart() {
    String expected = """
        flowchart LR
          %% shop (production)
          svc_db["<b>db</b><br/>image postgres:16<br/>health check every 5s, 3 retries"]
          svc_web["<b>web</b><br/>image shop/web:1.0<br/>no health check<br/>port 127.0.0.1:8080 → 8080/tcp"]
          svc_worker["<b>worker</b><br/>image shop/worker:1.0<br/>replicas 3<br/>no health check"]
          net_front{{"<b>front</b> network"}}
          net_back{{"<b>back</b> network<br/>internal"}}
          vol_db_data[("<b>db-data</b> volume")]
          sec_db_password>"<b>db-password</b> secret<br/>generated"]
          svc_db --- net_back
          svc_db -->|"/var/lib/postgresql/data"| vol_db_data
          svc_db -.->|"/run/secrets/db-password"| sec_db_password
          svc_web ==>|"service_healthy"| svc_db
          svc_web --- net_front
          svc_web --- net_back
          svc_worker ==>|"service_started"| svc_db
          svc_worker --- net_back
        """;
    assertThat(StackGraph.of(shop().resolve("production")).toMermaid()).isEqualTo(expected);
  }

  @Test
  void nodeIdsOfDifferentKindsWithTheSameNameNeverCollide() {
    StackGraph graph = StackGraph.of(Stack.define("x", s -> {
      s.volume("data").network("data");
      s.service("data", d -> d.image("busybox").network("data").mountVolume("data", "/data"));
    }).resolveOrDefault(java.util.Optional.empty()));
    List<String> ids = graph.nodes().stream().map(StackGraph.Node::id).toList();
    assertThat(ids).doesNotHaveDuplicates().contains("svc_data", "net_data", "vol_data");
  }

  @Test
  void dotDeclaresEveryNodeAndEdgeWithHtmlLabelsEscaped() {
    String dot = StackGraph.of(shop().resolve("production")).toDot();
    assertThat(dot).startsWith("digraph \"shop\" {\n  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"shop (production)\"];\n");
    assertThat(dot).contains("  svc_web [shape=box, style=\"filled,rounded\", fillcolor=\"#f6f8fa\", color=\"#57606a\", label=<<B>web</B><BR/>image shop/web:1.0"
        + "<BR/>no health check<BR/>port 127.0.0.1:8080 → 8080/tcp>];\n");
    assertThat(dot).contains("  svc_web -> svc_db [penwidth=2, label=\"service_healthy\"];\n");
    assertThat(dot).contains("  svc_db -> net_back [arrowhead=none];\n");
    assertThat(dot).contains("  svc_db -> sec_db_password [style=dashed, label=\"/run/secrets/db-password\"];\n");
    assertThat(dot).endsWith("}\n");
  }

  @Test
  void comparingEnvironmentsMarksWhatChangedWasAddedAndRemoved() {
    StackGraph diff = StackGraph.compare(shop().resolve("development"), shop().resolve("production"));
    assertThat(diff.title()).isEqualTo("shop: development → production");
    StackGraph.Node web = diff.node("svc_web").orElseThrow();
    assertThat(web.change()).isEqualTo(Change.CHANGED);
    assertThat(web.was()).containsExactly("port 127.0.0.1:5005 → 5005/tcp");
    StackGraph.Node worker = diff.node("svc_worker").orElseThrow();
    assertThat(worker.change()).isEqualTo(Change.CHANGED);
    assertThat(worker.details()).contains("replicas 3");
    assertThat(worker.was()).isEmpty();
    assertThat(diff.node("svc_db").orElseThrow().change()).isEqualTo(Change.UNCHANGED);
    assertThat(diff.toMermaid()).contains("  classDef changed fill:#fff8c5,stroke:#bf8700\n  class svc_web,svc_worker changed\n")
        .contains("<s>port 127.0.0.1:5005 → 5005/tcp</s>");
  }

  @Test
  void comparingWithAStackWithoutAServiceMarksItsNodeAndEdgesRemoved() {
    Stack smaller = Stack.define("shop", s -> {
      s.network("back", n -> n.internal()).volume("db-data").secret("db-password", x -> x.generated(16));
      s.service("db", d -> d.image("postgres:16").network("back").mountVolume("db-data", "/var/lib/postgresql/data").secret("db-password")
          .healthCheck(h -> h.command("pg_isready").every(seconds(5)).retries(3)));
    });
    StackGraph diff = StackGraph.compare(shop().resolve("production"), smaller.resolveOrDefault(java.util.Optional.empty()));
    assertThat(diff.node("svc_web").orElseThrow().change()).isEqualTo(Change.REMOVED);
    assertThat(diff.node("net_front").orElseThrow().change()).isEqualTo(Change.REMOVED);
    assertThat(diff.edges()).filteredOn(e -> e.from().equals("svc_worker")).extracting(StackGraph.Edge::change).containsOnly(Change.REMOVED);
    assertThat(diff.toDot()).contains("  svc_web -> svc_db [penwidth=2, label=\"service_healthy\", color=\"#cf222e\"];\n");
  }

  @Test
  void svgIsWellFormedAndDrawsEveryDependencyArrowFromLeftToRight() throws Exception {
    String svg = StackGraph.of(shop().resolve("production")).toSvg();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    NodeList groups = doc.getElementsByTagName("g");
    Map<String, Double> left = new HashMap<>();
    List<String> services = new ArrayList<>();
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").startsWith("node service")) {
        services.add(g.getAttribute("data-name"));
      }
      Element rect = (Element) g.getElementsByTagName("rect").item(0);
      left.put(g.getAttribute("data-name"), Double.parseDouble(rect.getAttribute("x")));
    }
    // Drawn column by column: the dependents first.
    assertThat(services).containsExactly("web", "worker", "db");
    // web and worker depend on db: both stand left of it; db's volume and secret stand right of db.
    assertThat(left.get("web")).isLessThan(left.get("db"));
    assertThat(left.get("worker")).isEqualTo(left.get("web"));
    assertThat(left.get("db-data")).isGreaterThan(left.get("db"));
    NodeList paths = doc.getElementsByTagName("path");
    int arrows = 0;
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      if (p.getAttribute("class").equals("edge depends-on")) {
        arrows++;
        String[] d = p.getAttribute("d").replaceAll("[MC]", "").trim().split("[ ,]+");
        assertThat(Double.parseDouble(d[6])).as("arrow end x").isGreaterThan(Double.parseDouble(d[0]));
      }
    }
    assertThat(arrows).isEqualTo(2);
    assertThat(svg).contains(">back</text>").contains("back (internal)");
  }

  @Test
  void svgEscapesNamesAndDetails() throws Exception {
    StackGraph graph = new StackGraph("a<b", "a<b & \"c\"", List.of(new StackGraph.Node("svc_x", StackGraph.Kind.SERVICE, "x", List.of("image <evil>&"),
        List.of(), Change.UNCHANGED)), List.of());
    String svg = graph.toSvg();
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertThat(svg).contains("image &lt;evil&gt;&amp;").contains("a&lt;b &amp; &quot;c&quot;").doesNotContain("<evil>");
  }
}
