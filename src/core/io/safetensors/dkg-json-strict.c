/* dkg-json-strict.c — a strict RFC 8259 JSON scanner run before json-glib sees a header
 *
 * json-glib 1.6 (Debian 12) is lenient where a file format must not be: it keeps the last of
 * two members with the same name, accepts single-quoted strings and hexadecimal numbers,
 * wraps integers past 2^63 silently (18446744073709551624 reads as 8), stops a string at an
 * escaped U+0000, and parses nested arrays recursively with no depth limit. This scanner
 * walks the text once, in linear time, and rejects all of those before json-glib builds the
 * tree, so the tree json-glib returns is exactly the one the text describes.
 *
 * It also undoes two differences between json-glib's writer and serde_json (the writer of
 * the reference safetensors library): see _dkg_json_fix_glib_escapes().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-safetensors-private.h"

typedef struct
{
  const char     *start;
  const char     *p;
  const char     *end;
  guint           depth;
  guint           max_depth;
  DkgJsonProblem  problem;
  const char     *problem_at;
  char           *message;
} Scan;

static gboolean scan_value (Scan *s);

static gboolean
fail (Scan *s, DkgJsonProblem problem, const char *at, const char *message)
{
  if (s->problem == DKG_JSON_OK)
    {
      s->problem = problem;
      s->problem_at = at;
      s->message = g_strdup (message);
    }
  return FALSE;
}

static void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

/* Reads the four hex digits after "\u"; s->p points at the first digit. */
static gboolean
scan_hex4 (Scan *s, gunichar *out)
{
  gunichar v = 0;

  if (s->end - s->p < 4)
    return fail (s, DKG_JSON_INVALID, s->p, "truncated \\u escape");
  for (int i = 0; i < 4; i++)
    {
      int h = g_ascii_xdigit_value (s->p[i]);

      if (h < 0)
        return fail (s, DKG_JSON_INVALID, s->p + i, "bad hexadecimal digit in \\u escape");
      v = (v << 4) | (gunichar) h;
    }
  s->p += 4;
  *out = v;
  return TRUE;
}

/* A string; s->p points at the opening quote. The decoded UTF-8 goes to @out when it is not
 * NULL. The whole text was checked to be valid UTF-8 before, so raw bytes are copied as they
 * are; only escapes are decoded. */
static gboolean
scan_string (Scan *s, GString *out)
{
  s->p++;
  for (;;)
    {
      const char *at = s->p;
      guchar c;

      if (s->p >= s->end)
        return fail (s, DKG_JSON_INVALID, s->p, "unterminated string");
      c = (guchar) *s->p++;
      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return fail (s, DKG_JSON_INVALID, at, "unescaped control character in a string");
      if (c != '\\')
        {
          if (out != NULL)
            g_string_append_c (out, (char) c);
          continue;
        }
      if (s->p >= s->end)
        return fail (s, DKG_JSON_INVALID, at, "truncated escape");
      c = (guchar) *s->p++;
      switch (c)
        {
        case '"': case '\\': case '/':
          if (out != NULL)
            g_string_append_c (out, (char) c);
          break;
        case 'b': if (out != NULL) g_string_append_c (out, '\b'); break;
        case 'f': if (out != NULL) g_string_append_c (out, '\f'); break;
        case 'n': if (out != NULL) g_string_append_c (out, '\n'); break;
        case 'r': if (out != NULL) g_string_append_c (out, '\r'); break;
        case 't': if (out != NULL) g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar cp, low;

            if (!scan_hex4 (s, &cp))
              return FALSE;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
              return fail (s, DKG_JSON_INVALID, at, "lone low surrogate in \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                  return fail (s, DKG_JSON_INVALID, at, "lone high surrogate in \\u escape");
                s->p += 2;
                if (!scan_hex4 (s, &low))
                  return FALSE;
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail (s, DKG_JSON_INVALID, at, "high surrogate not followed by a low one");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              }
            if (cp == 0)
              return fail (s, DKG_JSON_UNSUPPORTED, at, "a string contains U+0000");
            if (out != NULL)
              g_string_append_unichar (out, cp);
          }
          break;
        default:
          return fail (s, DKG_JSON_INVALID, at, "unknown escape in a string");
        }
    }
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; an integer (no fraction, no exponent)
 * must fit in gint64, because json-glib would wrap it. */
static gboolean
scan_number (Scan *s)
{
  const char *at = s->p;
  gboolean negative = FALSE, is_integer = TRUE, overflow = FALSE;
  guint64 v = 0;

  if (*s->p == '-')
    {
      negative = TRUE;
      s->p++;
    }
  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return fail (s, DKG_JSON_INVALID, at, "bad number");
  if (*s->p == '0')
    {
      s->p++;
      if (s->p < s->end && g_ascii_isdigit (*s->p))
        return fail (s, DKG_JSON_INVALID, at, "number with a leading zero");
    }
  else
    while (s->p < s->end && g_ascii_isdigit (*s->p))
      {
        guint d = (guint) (*s->p - '0');

        if (v > (G_MAXUINT64 - d) / 10)
          overflow = TRUE;
        else
          v = v * 10 + d;
        s->p++;
      }
  if (s->p < s->end && *s->p == '.')
    {
      is_integer = FALSE;
      s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return fail (s, DKG_JSON_INVALID, at, "bad fraction in a number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      is_integer = FALSE;
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return fail (s, DKG_JSON_INVALID, at, "bad exponent in a number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  if (is_integer && (overflow || v > (guint64) G_MAXINT64 + (negative ? 1 : 0)))
    return fail (s, DKG_JSON_INVALID, at, "integer outside the 64-bit signed range");
  return TRUE;
}

static gboolean
scan_literal (Scan *s, const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return fail (s, DKG_JSON_INVALID, s->p, "unexpected character");
  s->p += n;
  return TRUE;
}

/* Steps over @c if it is the next character. */
static gboolean
accept (Scan *s,
        char  c)
{
  if (s->p >= s->end || *s->p != c)
    return FALSE;
  s->p++;
  return TRUE;
}

static gboolean
scan_object (Scan *s)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);

  s->p++;
  skip_ws (s);
  if (accept (s, '}'))
      return TRUE;
  for (;;)
    {
      const char *key_at;

      skip_ws (s);
      key_at = s->p;
      if (s->p >= s->end || *s->p != '"')
        return fail (s, DKG_JSON_INVALID, s->p, "expected a string as object key");
      g_string_truncate (key, 0);
      if (!scan_string (s, key))
        return FALSE;
      if (g_hash_table_contains (keys, key->str))
        {
          g_autofree char *m = g_strdup_printf ("duplicate key “%s”", key->str);
          return fail (s, DKG_JSON_INVALID, key_at, m);
        }
      g_hash_table_add (keys, g_strndup (key->str, key->len));
      skip_ws (s);
      if (!accept (s, ':'))
        return fail (s, DKG_JSON_INVALID, s->p, "expected ‘:’ after an object key");
      if (!scan_value (s))
        return FALSE;
      skip_ws (s);
      if (accept (s, ','))
          continue;
      if (accept (s, '}'))
          return TRUE;
      return fail (s, DKG_JSON_INVALID, s->p, "expected ‘,’ or ‘}’ in an object");
    }
}

static gboolean
scan_array (Scan *s)
{
  s->p++;
  skip_ws (s);
  if (accept (s, ']'))
      return TRUE;
  for (;;)
    {
      if (!scan_value (s))
        return FALSE;
      skip_ws (s);
      if (accept (s, ','))
          continue;
      if (accept (s, ']'))
          return TRUE;
      return fail (s, DKG_JSON_INVALID, s->p, "expected ‘,’ or ‘]’ in an array");
    }
}

static gboolean
scan_value (Scan *s)
{
  gboolean ok;

  skip_ws (s);
  if (s->p >= s->end)
    return fail (s, DKG_JSON_INVALID, s->p, "unexpected end of text");
  switch (*s->p)
    {
    case '{':
    case '[':
      if (s->depth >= s->max_depth)
        return fail (s, DKG_JSON_INVALID, s->p, "nested too deeply");
      s->depth++;
      ok = *s->p == '{' ? scan_object (s) : scan_array (s);
      s->depth--;
      return ok;
    case '"':
      return scan_string (s, NULL);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return scan_number (s);
      return fail (s, DKG_JSON_INVALID, s->p, "unexpected character");
    }
}

/**
 * _dkg_json_check_strict:
 * @text: JSON text; must already be valid UTF-8 (the caller checks it)
 * @len: bytes in @text
 * @max_depth: deepest nesting of objects and arrays allowed (1 = a flat object)
 * @error_offset: (out): byte offset of the problem in @text
 * @error_message: (out) (transfer full): what is wrong, in English
 *
 * Checks that @text is one JSON value (RFC 8259, whitespace around it allowed) with no
 * duplicate key in any object (keys compared after decoding escapes), no integer outside
 * gint64, no string containing U+0000 and no nesting deeper than @max_depth. Recursion is
 * bounded by @max_depth; time is linear in @len.
 *
 * Returns: %DKG_JSON_OK, or the kind of problem with @error_offset and @error_message set
 */
DkgJsonProblem
_dkg_json_check_strict (const char *text,
                        gsize       len,
                        guint       max_depth,
                        gsize      *error_offset,
                        char      **error_message)
{
  Scan s = { .start = text, .p = text, .end = text + len, .max_depth = max_depth };

  if (scan_value (&s))
    {
      skip_ws (&s);
      if (s.p != s.end)
        fail (&s, DKG_JSON_INVALID, s.p, "text after the JSON value");
    }
  if (s.problem != DKG_JSON_OK)
    {
      *error_offset = (gsize) (s.problem_at - s.start);
      *error_message = s.message;
    }
  return s.problem;
}

/**
 * _dkg_json_fix_glib_escapes:
 * @text: compact JSON written by json-glib 1.6's JsonGenerator
 * @len: bytes in @text
 * @out_len: (out): bytes in the result
 *
 * Makes json-glib's output byte-identical to what serde_json writes for the same tree. The two
 * differ in two characters inside strings: json-glib 1.6 writes U+001F raw, which is not valid
 * JSON (its escaping test is `c < 0x1f`), and escapes U+007F as \u007f, which serde_json writes
 * raw. Everything else (\b \f \n \r \t \" \\, \u00XX in lower case for the other control
 * characters, raw non-ASCII, raw ‘/’) is already the same.
 *
 * Returns: (transfer full): the fixed text, NUL-terminated
 */
char *
_dkg_json_fix_glib_escapes (const char *text, gsize len, gsize *out_len)
{
  GString *out = g_string_sized_new (len + 16);
  gboolean in_string = FALSE;
  gsize i = 0;

  while (i < len)
    {
      char c = text[i];

      if (!in_string)
        {
          if (c == '"')
            in_string = TRUE;
          g_string_append_c (out, c);
          i++;
        }
      else if (c == '"')
        {
          in_string = FALSE;
          g_string_append_c (out, c);
          i++;
        }
      else if (c == 0x1f)
        {
          g_string_append (out, "\\u001f");
          i++;
        }
      else if (c == '\\' && i + 1 < len)
        {
          if (len - i >= 6 && memcmp (text + i, "\\u007f", 6) == 0)
            {
              g_string_append_c (out, 0x7f);
              i += 6;
            }
          else
            {
              g_string_append_len (out, text + i, 2);
              i += 2;
            }
        }
      else
        {
          g_string_append_c (out, c);
          i++;
        }
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}
