package dev.sentinel.backup.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A compact map from paths to one byte, for trees of millions of entries in a small heap: each
 * path is kept as a 64-bit SipHash under a random key of this table's own (so no archive can be
 * built to make two paths collide), in open addressing over two arrays: 13 to 26 bytes an entry.
 * Two distinct paths share a hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million entries);
 * {@link VolumeTree} keeps the decisions that guard the volume's boundary exact and uses this for
 * the rest.
 */
final class PathTable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HashFunction hash = Hashing.sipHash24(RANDOM.nextLong(), RANDOM.nextLong());
  private long[] keys = new long[1 << 10];
  private byte[] values = new byte[1 << 10];
  private int size;

  /** The value stored for {@code path}, or 0. */
  byte get(String path) {
    int slot = slot(key(path));
    return keys[slot] == 0 ? 0 : values[slot];
  }

  /** Stores {@code value} (not 0) for {@code path}. */
  void put(String path, byte value) {
    long key = key(path);
    int slot = slot(key);
    if (keys[slot] == 0) {
      keys[slot] = key;
      if (++size * 10 > keys.length * 7) {  // load at most 0.7
        values[slot] = value;
        grow();
        return;
      }
    }
    values[slot] = value;
  }

  private long key(String path) {
    long key = hash.hashString(path, StandardCharsets.UTF_8).asLong();
    return key == 0 ? 1 : key;  // 0 marks an empty slot
  }

  /** The slot holding {@code key}, or the empty slot where it belongs (linear probing). */
  private int slot(long key) {
    int mask = keys.length - 1;
    int slot = (int) (key ^ (key >>> 32)) & mask;
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldKeys = keys;
    byte[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new byte[oldValues.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int slot = slot(oldKeys[i]);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
