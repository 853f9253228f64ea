package dev.sentinel.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verification alone, without Docker: every attack is refused with a message naming why. */
class VerifyTest {
  @TempDir java.nio.file.Path dir;

  @ParameterizedTest
  @EnumSource(HostileArchives.Attack.class)
  void everyAttackIsRefused(HostileArchives.Attack attack) throws Exception {
    var archive = HostileArchives.write(dir, attack, "shop_data");
    assertThatThrownBy(() -> VolumeBackup.verify(archive))
        .isInstanceOf(ArchiveRejectedException.class)
        .hasMessageContaining(attack.expectedMessage());
  }
}
