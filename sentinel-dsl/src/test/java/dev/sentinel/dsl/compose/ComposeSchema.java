package dev.sentinel.dsl.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The official Compose Specification schema, read from where the build says it is. */
final class ComposeSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  private ComposeSchema() {}

  /** The schema violations of a Compose YAML document; empty when it conforms. */
  static List<String> violations(String yaml) {
    JsonNode document = JSON.valueToTree(ComposeYaml.load(yaml));
    Set<ValidationMessage> messages = schema().validate(document);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static synchronized JsonSchema schema() {
    if (schema == null) {
      String location = System.getProperty("sentinel.composeSpec", "");
      Path path = Path.of(location);
      if (location.isEmpty() || !Files.isReadable(path)) {
        throw new IllegalStateException("the Compose schema is needed at \"" + location
            + "\": set -Dsentinel.composeSpec to a copy of compose-spec.json (github.com/compose-spec/compose-spec, schema/)");
      }
      try {
        ObjectNode node = (ObjectNode) JSON.readTree(path.toFile());
        // Its $schema names draft-07 by an https URL the validator would try to fetch; the dialect is known.
        node.remove("$schema");
        node.put("$id", path.toUri().toString());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }
}
