package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * Where a service's containers come from: an image to run, a build that makes it, or both (the
 * build is then tagged with the image's name). One section of a {@link Service} (see {@link
 * Execution} for what a section is); set through {@link ServiceBuilder#image} and {@link
 * ServiceBuilder#build}.
 *
 * <pre>{@code
 * svc.image("shop/api:1.4").build(b -> b.context("./api").arg("VERSION", "1.4"));
 * }</pre>
 *
 * @param image the image to run (or to tag the build with)
 * @param build how to build the image, when the stack builds it
 */
public record ImageSource(Optional<ImageRef> image, Optional<Build> build) {
  /** Neither set yet: a service needs one of them (validation says so). */
  public static final ImageSource NONE = new ImageSource(Optional.empty(), Optional.empty());

  public ImageSource {
    checkNotNull(image, "image");
    checkNotNull(build, "build");
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("image", "build");

    Optional<ImageRef> image;
    Optional<Build> build;

    State(ImageSource from) {
      image = from.image();
      build = from.build();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "image" -> image = Optional.empty();
        case "build" -> build = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    ImageSource build() {
      return new ImageSource(image, build);
    }
  }
}
