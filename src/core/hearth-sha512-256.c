/* hearth-sha512-256.c: SHA-512/256 (FIPS 180-4 §6.7), which GChecksum
 * lacks and RFC 7616's Digest algorithm "SHA-512-256" needs
 *
 * SHA-512's compression function with its own initial hash value, the
 * result cut to 256 bits. The constants were computed from their
 * definitions (FIPS 180-4 §4.2.3: the first 64 bits of the fractional
 * parts of the cube roots of the first 80 primes; §5.3.6.2: the initial
 * value of SHA-512/t for t = 256).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hearth-sha512-256.h"

#define BLOCK_SIZE 128

static const guint64 k[80] = {
  G_GUINT64_CONSTANT (0x428a2f98d728ae22), G_GUINT64_CONSTANT (0x7137449123ef65cd), G_GUINT64_CONSTANT (0xb5c0fbcfec4d3b2f),
  G_GUINT64_CONSTANT (0xe9b5dba58189dbbc), G_GUINT64_CONSTANT (0x3956c25bf348b538), G_GUINT64_CONSTANT (0x59f111f1b605d019),
  G_GUINT64_CONSTANT (0x923f82a4af194f9b), G_GUINT64_CONSTANT (0xab1c5ed5da6d8118), G_GUINT64_CONSTANT (0xd807aa98a3030242),
  G_GUINT64_CONSTANT (0x12835b0145706fbe), G_GUINT64_CONSTANT (0x243185be4ee4b28c), G_GUINT64_CONSTANT (0x550c7dc3d5ffb4e2),
  G_GUINT64_CONSTANT (0x72be5d74f27b896f), G_GUINT64_CONSTANT (0x80deb1fe3b1696b1), G_GUINT64_CONSTANT (0x9bdc06a725c71235),
  G_GUINT64_CONSTANT (0xc19bf174cf692694), G_GUINT64_CONSTANT (0xe49b69c19ef14ad2), G_GUINT64_CONSTANT (0xefbe4786384f25e3),
  G_GUINT64_CONSTANT (0x0fc19dc68b8cd5b5), G_GUINT64_CONSTANT (0x240ca1cc77ac9c65), G_GUINT64_CONSTANT (0x2de92c6f592b0275),
  G_GUINT64_CONSTANT (0x4a7484aa6ea6e483), G_GUINT64_CONSTANT (0x5cb0a9dcbd41fbd4), G_GUINT64_CONSTANT (0x76f988da831153b5),
  G_GUINT64_CONSTANT (0x983e5152ee66dfab), G_GUINT64_CONSTANT (0xa831c66d2db43210), G_GUINT64_CONSTANT (0xb00327c898fb213f),
  G_GUINT64_CONSTANT (0xbf597fc7beef0ee4), G_GUINT64_CONSTANT (0xc6e00bf33da88fc2), G_GUINT64_CONSTANT (0xd5a79147930aa725),
  G_GUINT64_CONSTANT (0x06ca6351e003826f), G_GUINT64_CONSTANT (0x142929670a0e6e70), G_GUINT64_CONSTANT (0x27b70a8546d22ffc),
  G_GUINT64_CONSTANT (0x2e1b21385c26c926), G_GUINT64_CONSTANT (0x4d2c6dfc5ac42aed), G_GUINT64_CONSTANT (0x53380d139d95b3df),
  G_GUINT64_CONSTANT (0x650a73548baf63de), G_GUINT64_CONSTANT (0x766a0abb3c77b2a8), G_GUINT64_CONSTANT (0x81c2c92e47edaee6),
  G_GUINT64_CONSTANT (0x92722c851482353b), G_GUINT64_CONSTANT (0xa2bfe8a14cf10364), G_GUINT64_CONSTANT (0xa81a664bbc423001),
  G_GUINT64_CONSTANT (0xc24b8b70d0f89791), G_GUINT64_CONSTANT (0xc76c51a30654be30), G_GUINT64_CONSTANT (0xd192e819d6ef5218),
  G_GUINT64_CONSTANT (0xd69906245565a910), G_GUINT64_CONSTANT (0xf40e35855771202a), G_GUINT64_CONSTANT (0x106aa07032bbd1b8),
  G_GUINT64_CONSTANT (0x19a4c116b8d2d0c8), G_GUINT64_CONSTANT (0x1e376c085141ab53), G_GUINT64_CONSTANT (0x2748774cdf8eeb99),
  G_GUINT64_CONSTANT (0x34b0bcb5e19b48a8), G_GUINT64_CONSTANT (0x391c0cb3c5c95a63), G_GUINT64_CONSTANT (0x4ed8aa4ae3418acb),
  G_GUINT64_CONSTANT (0x5b9cca4f7763e373), G_GUINT64_CONSTANT (0x682e6ff3d6b2b8a3), G_GUINT64_CONSTANT (0x748f82ee5defb2fc),
  G_GUINT64_CONSTANT (0x78a5636f43172f60), G_GUINT64_CONSTANT (0x84c87814a1f0ab72), G_GUINT64_CONSTANT (0x8cc702081a6439ec),
  G_GUINT64_CONSTANT (0x90befffa23631e28), G_GUINT64_CONSTANT (0xa4506cebde82bde9), G_GUINT64_CONSTANT (0xbef9a3f7b2c67915),
  G_GUINT64_CONSTANT (0xc67178f2e372532b), G_GUINT64_CONSTANT (0xca273eceea26619c), G_GUINT64_CONSTANT (0xd186b8c721c0c207),
  G_GUINT64_CONSTANT (0xeada7dd6cde0eb1e), G_GUINT64_CONSTANT (0xf57d4f7fee6ed178), G_GUINT64_CONSTANT (0x06f067aa72176fba),
  G_GUINT64_CONSTANT (0x0a637dc5a2c898a6), G_GUINT64_CONSTANT (0x113f9804bef90dae), G_GUINT64_CONSTANT (0x1b710b35131c471b),
  G_GUINT64_CONSTANT (0x28db77f523047d84), G_GUINT64_CONSTANT (0x32caab7b40c72493), G_GUINT64_CONSTANT (0x3c9ebe0a15c9bebc),
  G_GUINT64_CONSTANT (0x431d67c49c100d4c), G_GUINT64_CONSTANT (0x4cc5d4becb3e42b6), G_GUINT64_CONSTANT (0x597f299cfc657e2a),
  G_GUINT64_CONSTANT (0x5fcb6fab3ad6faec), G_GUINT64_CONSTANT (0x6c44198c4a475817),
};
static const guint64 iv[8] = {
  G_GUINT64_CONSTANT (0x22312194fc2bf72c), G_GUINT64_CONSTANT (0x9f555fa3c84c64c2), G_GUINT64_CONSTANT (0x2393b86b6f53b151),
  G_GUINT64_CONSTANT (0x963877195940eabd), G_GUINT64_CONSTANT (0x96283ee2a88effe3), G_GUINT64_CONSTANT (0xbe5e1e2553863992),
  G_GUINT64_CONSTANT (0x2b0199fc2c85b8aa), G_GUINT64_CONSTANT (0x0eb72ddc81c52ca2),
};

static inline guint64
rotr (guint64 x,
      guint   n)
{
  return (x >> n) | (x << (64 - n));
}

static guint64
load_be64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
compress (guint64       h[8],
          const guint8  block[BLOCK_SIZE])
{
  guint64 w[80];
  guint64 a = h[0], b = h[1], c = h[2], d = h[3];
  guint64 e = h[4], f = h[5], g = h[6], hh = h[7];

  for (guint t = 0; t < 16; t++)
    w[t] = load_be64 (block + 8 * t);
  for (guint t = 16; t < 80; t++)
    {
      guint64 s0 = rotr (w[t - 15], 1) ^ rotr (w[t - 15], 8) ^ (w[t - 15] >> 7);
      guint64 s1 = rotr (w[t - 2], 19) ^ rotr (w[t - 2], 61) ^ (w[t - 2] >> 6);

      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }

  for (guint t = 0; t < 80; t++)
    {
      guint64 t1 = hh + (rotr (e, 14) ^ rotr (e, 18) ^ rotr (e, 41)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
      guint64 t2 = (rotr (a, 28) ^ rotr (a, 34) ^ rotr (a, 39)) + ((a & b) ^ (a & c) ^ (b & c));

      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }

  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

char *
hearth_sha512_256_hex (const guint8 *data,
                       gsize         length)
{
  guint64 h[8];
  guint8 block[BLOCK_SIZE];
  gsize rest;
  guint64 bits;
  GString *hex;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  memcpy (h, iv, sizeof h);

  for (rest = length; rest >= BLOCK_SIZE; rest -= BLOCK_SIZE, data += BLOCK_SIZE)
    compress (h, data);

  /* The padding: 0x80, zeros, the length in bits as 128 bits big-endian
   * (the high 64 bits are zero for any length a gsize can hold) */
  memset (block, 0, sizeof block);
  if (rest > 0)
    memcpy (block, data, rest);
  block[rest] = 0x80;
  if (rest >= BLOCK_SIZE - 16)
    {
      compress (h, block);
      memset (block, 0, sizeof block);
    }
  bits = (guint64) length * 8;
  for (guint i = 0; i < 8; i++)
    block[BLOCK_SIZE - 1 - i] = (bits >> (8 * i)) & 0xff;
  compress (h, block);

  hex = g_string_sized_new (64);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (hex, "%016" G_GINT64_MODIFIER "x", h[i]);

  return g_string_free (hex, FALSE);
}
