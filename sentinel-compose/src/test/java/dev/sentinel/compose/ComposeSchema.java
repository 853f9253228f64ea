package dev.sentinel.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;
import java.util.Set;

/**
 * The official Compose Specification schema, a test resource ({@code compose-spec/compose-spec.json};
 * its source and licence are in {@code compose-spec/SOURCE.md} and the repository's NOTICE).
 */
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
      URL resource = ComposeSchema.class.getResource("/compose-spec/compose-spec.json");
      if (resource == null) {
        throw new IllegalStateException("compose-spec/compose-spec.json is missing from the test classpath");
      }
      try {
        ObjectNode node = (ObjectNode) JSON.readTree(resource);
        // Its $schema names draft-07 by an https URL the validator would try to fetch; the dialect is known.
        node.remove("$schema");
        node.put("$id", resource.toString());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }
}
