package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * One step of a {@link Plan}: what happens to one engine object.
 *
 * @param kind what happens
 * @param type what kind of object
 * @param name the engine object's name, e.g. {@code shop-api-1} or {@code shop_backend}
 * @param service the service a container belongs to
 * @param changes for a recreate, the fields that changed (e.g. {@code memoryBytes}, {@code imageId})
 * @param reason why, in words
 */
public record PlannedAction(Kind kind, ObjectType type, String name, Optional<String> service, List<String> changes, String reason) {
  /** What happens to an object. */
  public enum Kind {
    CREATE,
    RECREATE,
    START,
    REMOVE,
    BUILD,
    PULL,
    UNCHANGED,
    /** Belongs to the stack but is no longer defined; kept unless removal was asked for. */
    ORPHAN
  }

  /** The kind of engine object. */
  public enum ObjectType {
    IMAGE,
    NETWORK,
    VOLUME,
    CONTAINER
  }

  public PlannedAction {
    checkNotNull(kind, "kind");
    checkNotNull(type, "type");
    checkNotNull(name, "name");
    checkNotNull(service, "service");
    changes = ImmutableList.copyOf(changes);
    checkNotNull(reason, "reason");
  }

  /** Whether this step changes anything. */
  public boolean changesSomething() {
    return kind != Kind.UNCHANGED && kind != Kind.ORPHAN;
  }
}
