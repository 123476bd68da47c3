/*
 * partition_filter.c
 *    Hive's partition filter language: a lexer and a recursive-descent
 *    parser following PartitionFilter.g4, and the SQL generator following
 *    MetaStoreDirectSql.PartitionFilterGenerator (see partition_filter.h).
 */
#include "partition_filter.h"
#include "partition_name.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_ERROR_PREFIX "Error parsing partition filter: "

/* --- tokens ------------------------------------------------------------- */

typedef enum
{
  TOKEN_EOF,
  TOKEN_LPAREN,
  TOKEN_RPAREN,
  TOKEN_COMMA,
  TOKEN_AND,
  TOKEN_OR,
  TOKEN_NOT,
  TOKEN_BETWEEN,
  TOKEN_IN,
  TOKEN_STRUCT,
  TOKEN_CONST,
  TOKEN_MINUS,
  TOKEN_DATE,
  TOKEN_TIMESTAMP,
  TOKEN_EQ,
  TOKEN_NSEQ,
  TOKEN_NEQ,
  TOKEN_NEQJ,
  TOKEN_LT,
  TOKEN_LTE,
  TOKEN_GT,
  TOKEN_GTE,
  TOKEN_LIKE,
  TOKEN_STRING,
  TOKEN_INTEGER,
  TOKEN_DATE_VALUE,
  TOKEN_TIMESTAMP_VALUE,
  TOKEN_IDENTIFIER,
  TOKEN_QUOTED_IDENTIFIER,
  TOKEN_UNRECOGNIZED,
} TokenKind;

typedef struct
{
  TokenKind kind;
  gsize     start;   /* byte offset in the filter text */
  gsize     length;  /* bytes */
} Token;

/* Keywords are matched on the upper-cased input, as Hive's lexer sees it. */
static const struct
{
  const char *word;
  TokenKind   kind;
} keywords[] = {
  { "AND", TOKEN_AND },       { "OR", TOKEN_OR },
  { "NOT", TOKEN_NOT },       { "BETWEEN", TOKEN_BETWEEN },
  { "IN", TOKEN_IN },         { "STRUCT", TOKEN_STRUCT },
  { "CONST", TOKEN_CONST },   { "DATE", TOKEN_DATE },
  { "TIMESTAMP", TOKEN_TIMESTAMP }, { "LIKE", TOKEN_LIKE },
};

static gboolean
is_word_character (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* TRUE when `text` starts with the digits-and-separators shape of `pattern` ('9' a digit). */
static gboolean
matches_shape (const char *text, const char *pattern)
{
  for (; *pattern != '\0'; pattern++, text++)
    {
      if (*pattern == '9' ? !g_ascii_isdigit (*text) : *text != *pattern)
        return FALSE;
    }
  return TRUE;
}

/* Length of a quoted string or identifier starting at `text`, 0 when unterminated. */
static gsize
quoted_length (const char *text, char quote, gboolean backslash_escapes)
{
  const char *c = text + 1;

  while (*c != '\0')
    {
      if (backslash_escapes && *c == '\\')
        {
          if (c[1] == '\0')
            return 0;
          c += 2;
          continue;
        }
      if (*c == quote)
        {
          /* A doubled back-quote is one back-quote inside an identifier. */
          if (!backslash_escapes && c[1] == quote)
            {
              c += 2;
              continue;
            }
          return (c - text) + 1;
        }
      c++;
    }
  return 0;
}

/*
 * The next token at `text`, ANTLR's way: the longest match, and among
 * matches of one length the rule listed first in the grammar.
 */
static Token
next_token (const char *start, gsize offset)
{
  const char *text = start + offset;
  Token token = { TOKEN_UNRECOGNIZED, offset, 1 };

  switch (*text)
    {
    case '\0':
      token.kind = TOKEN_EOF;
      token.length = 0;
      return token;
    case '(':
      token.kind = TOKEN_LPAREN;
      return token;
    case ')':
      token.kind = TOKEN_RPAREN;
      return token;
    case ',':
      token.kind = TOKEN_COMMA;
      return token;
    case '-':
      token.kind = TOKEN_MINUS;
      return token;
    case '=':
      token.kind = TOKEN_EQ;
      token.length = text[1] == '=' ? 2 : 1;
      return token;
    case '<':
      if (strncmp (text, "<=>", 3) == 0)
        token.kind = TOKEN_NSEQ, token.length = 3;
      else if (text[1] == '=')
        token.kind = TOKEN_LTE, token.length = 2;
      else if (text[1] == '>')
        token.kind = TOKEN_NEQ, token.length = 2;
      else
        token.kind = TOKEN_LT;
      return token;
    case '>':
      if (text[1] == '=')
        token.kind = TOKEN_GTE, token.length = 2;
      else
        token.kind = TOKEN_GT;
      return token;
    case '!':
      if (text[1] == '=')
        token.kind = TOKEN_NEQJ, token.length = 2;
      return token;
    case '\'':
    case '"':
      {
        gsize length = quoted_length (text, *text, TRUE);

        if (length > 0)
          token.kind = TOKEN_STRING, token.length = length;
        return token;
      }
    case '`':
      {
        gsize length = quoted_length (text, '`', FALSE);

        if (length > 0)
          token.kind = TOKEN_QUOTED_IDENTIFIER, token.length = length;
        return token;
      }
    default:
      break;
    }

  if (is_word_character (*text))
    {
      gsize word = 0, digits = 0;

      while (is_word_character (text[word]))
        word++;
      while (g_ascii_isdigit (text[digits]))
        digits++;
      if (matches_shape (text, "9999-99-99 99:99:99") && word < 19)
        {
          token.kind = TOKEN_TIMESTAMP_VALUE, token.length = 19;
          return token;
        }
      if (matches_shape (text, "9999-99-99") && word < 10)
        {
          token.kind = TOKEN_DATE_VALUE, token.length = 10;
          return token;
        }
      if (digits == word)
        {
          token.kind = TOKEN_INTEGER, token.length = digits;
          return token;
        }
      token.kind = TOKEN_IDENTIFIER;
      token.length = word;
      for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
        if (strlen (keywords[i].word) == word && g_ascii_strncasecmp (text, keywords[i].word, word) == 0)
          token.kind = keywords[i].kind;
      return token;
    }

  /* Anything else is one UNRECOGNIZED character (whole UTF-8 sequence). */
  token.length = g_utf8_next_char (text) - text;
  return token;
}

static GArray *
tokenize (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  gsize offset = 0;

  for (;;)
    {
      Token token;

      while (text[offset] == ' ' || text[offset] == '\t' || text[offset] == '\r' || text[offset] == '\n')
        offset++;
      token = next_token (text, offset);
      g_array_append_val (tokens, token);
      if (token.kind == TOKEN_EOF)
        return tokens;
      offset += token.length;
    }
}

/* --- the tree ----------------------------------------------------------- */

typedef enum
{
  OPERATOR_EQUALS,
  OPERATOR_NOT_EQUALS,    /* <> */
  OPERATOR_NOT_EQUALS2,   /* != */
  OPERATOR_LESS,
  OPERATOR_LESS_OR_EQUAL,
  OPERATOR_GREATER,
  OPERATOR_GREATER_OR_EQUAL,
  OPERATOR_LIKE,
} Operator;

static const char *const operator_text[] = { "=", "<>", "!=", "<", "<=", ">", ">=", "LIKE" };

typedef enum
{
  NODE_LEAF,
  NODE_AND,
  NODE_OR,
} NodeKind;

/* A constant: an integer, or a string (date and timestamp literals are strings, as in Hive 4). */
typedef struct
{
  gboolean is_integer;
  gint64   integer;
  char    *text;     /* strings: the unquoted text; integers: NULL */
} Constant;

typedef struct FilterNode
{
  NodeKind           kind;
  struct FilterNode *left, *right;   /* AND, OR */
  char              *key;            /* leaves */
  Operator           operator;
  Constant           value;
  gboolean           reversed;       /* written "value op key" */
} FilterNode;

struct HmsPartitionFilter
{
  FilterNode *root;   /* NULL: the empty filter */
};

static void
node_free (FilterNode *node)
{
  if (node == NULL)
    return;
  node_free (node->left);
  node_free (node->right);
  g_free (node->key);
  g_free (node->value.text);
  g_free (node);
}

static FilterNode *
node_new_branch (NodeKind kind, FilterNode *left, FilterNode *right)
{
  FilterNode *node = g_new0 (FilterNode, 1);

  node->kind = kind;
  node->left = left;
  node->right = right;
  return node;
}

static FilterNode *
node_new_leaf (const char *key, Operator operator, const Constant *value, gboolean reversed)
{
  FilterNode *node = g_new0 (FilterNode, 1);

  node->kind = NODE_LEAF;
  node->key = g_strdup (key);
  node->operator = operator;
  node->value.is_integer = value->is_integer;
  node->value.integer = value->integer;
  node->value.text = g_strdup (value->text);
  node->reversed = reversed;
  return node;
}

/* Left-deep combination, as Hive's buildTreeFromNodes: ((a op b) op c) ... */
static FilterNode *
combine (FilterNode *so_far, NodeKind kind, FilterNode *next)
{
  return so_far == NULL ? next : node_new_branch (kind, so_far, next);
}

/* --- the parser --------------------------------------------------------- */

typedef struct
{
  const char *text;
  GArray     *tokens;
  guint       position;
} Parser;

static const Token *
peek (Parser *parser, guint ahead)
{
  guint index = MIN (parser->position + ahead, parser->tokens->len - 1);

  return &g_array_index (parser->tokens, Token, index);
}

static TokenKind
peek_kind (Parser *parser, guint ahead)
{
  return peek (parser, ahead)->kind;
}

static const Token *
advance (Parser *parser)
{
  const Token *token = peek (parser, 0);

  if (token->kind != TOKEN_EOF)
    parser->position++;
  return token;
}

static char *
token_text (Parser *parser, const Token *token)
{
  return g_strndup (parser->text + token->start, token->length);
}

/* "line L:C mismatched input 'X' expecting WHAT", positions as ANTLR gives them. */
static void
set_syntax_error (Parser *parser, GError **error, const char *expected)
{
  const Token *token = peek (parser, 0);
  g_autofree char *found = token->kind == TOKEN_EOF ? g_strdup ("<EOF>") : token_text (parser, token);
  guint line = 1;
  const char *line_start = parser->text;

  for (const char *c = parser->text; c < parser->text + token->start; c++)
    if (*c == '\n')
      {
        line++;
        line_start = c + 1;
      }
  g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
               PARSE_ERROR_PREFIX "lexer error: line %u:%ld mismatched input '%s' expecting %s",
               line, g_utf8_pointer_to_offset (line_start, parser->text + token->start),
               found, expected);
}

static gboolean
expect (Parser *parser, TokenKind kind, const char *expected, GError **error)
{
  if (peek_kind (parser, 0) != kind)
    {
      set_syntax_error (parser, error, expected);
      return FALSE;
    }
  advance (parser);
  return TRUE;
}

static gboolean
is_key_token (TokenKind kind)
{
  return kind == TOKEN_IDENTIFIER || kind == TOKEN_QUOTED_IDENTIFIER;
}

/* A key: the identifier as written, or the back-quoted one with `` read as `. */
static char *
parse_key (Parser *parser, GError **error)
{
  const Token *token = peek (parser, 0);
  g_autofree char *text = NULL;

  if (!is_key_token (token->kind))
    {
      set_syntax_error (parser, error, "a partition key");
      return NULL;
    }
  advance (parser);
  text = token_text (parser, token);
  if (token->kind == TOKEN_IDENTIFIER)
    return g_steal_pointer (&text);
  {
    g_autofree char *inner = g_strndup (text + 1, strlen (text) - 2);
    g_auto (GStrv) parts = g_strsplit (inner, "``", -1);

    return g_strjoinv ("`", parts);
  }
}

static gboolean
starts_constant (TokenKind kind)
{
  return kind == TOKEN_STRING || kind == TOKEN_MINUS || kind == TOKEN_INTEGER
         || kind == TOKEN_DATE || kind == TOKEN_DATE_VALUE
         || kind == TOKEN_TIMESTAMP || kind == TOKEN_TIMESTAMP_VALUE;
}

/* Hive's unquoteString: strip one pair of matching outer quotes. */
static char *
unquote (const char *text)
{
  gsize length = strlen (text);

  if (length > 1 && text[0] == text[length - 1] && (text[0] == '\'' || text[0] == '"'))
    return g_strndup (text + 1, length - 2);
  return g_strdup (text);
}

/* MetaStoreUtils.convertStringToDate: an ISO yyyy-mm-dd that is a real day. */
static gboolean
is_valid_date (const char *text)
{
  if (strlen (text) != 10 || !matches_shape (text, "9999-99-99"))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) atoi (text + 8), (GDateMonth) atoi (text + 5),
                           (GDateYear) atoi (text));
}

/* MetaStoreUtils.convertStringToTimestamp: yyyy-mm-dd hh:mm:ss with an optional fraction. */
static gboolean
is_valid_timestamp (const char *text)
{
  gsize length = strlen (text);

  if (length < 19 || !matches_shape (text, "9999-99-99 99:99:99"))
    return FALSE;
  if (length > 19)
    {
      if (text[19] != '.' || length == 20 || length > 29)
        return FALSE;
      for (const char *c = text + 20; *c != '\0'; c++)
        if (!g_ascii_isdigit (*c))
          return FALSE;
    }
  {
    g_autofree char *date = g_strndup (text, 10);

    return is_valid_date (date) && atoi (text + 11) < 24 && atoi (text + 14) < 60
           && atoi (text + 17) < 60;
  }
}

static gboolean
parse_constant (Parser *parser, Constant *constant, GError **error)
{
  TokenKind kind = peek_kind (parser, 0);

  memset (constant, 0, sizeof *constant);
  if (kind == TOKEN_STRING)
    {
      GString *joined = g_string_new (NULL);

      /* STRING+: the texts of adjacent strings run together, then one pair of quotes goes. */
      while (peek_kind (parser, 0) == TOKEN_STRING)
        {
          const Token *token = advance (parser);

          g_string_append_len (joined, parser->text + token->start, token->length);
        }
      constant->text = unquote (joined->str);
      g_string_free (joined, TRUE);
      return TRUE;
    }
  if (kind == TOKEN_MINUS || kind == TOKEN_INTEGER)
    {
      gboolean negative = kind == TOKEN_MINUS;
      g_autofree char *digits = NULL;
      g_autofree char *number = NULL;
      char *end = NULL;

      if (negative)
        advance (parser);
      if (peek_kind (parser, 0) != TOKEN_INTEGER)
        {
          set_syntax_error (parser, error, "an integer");
          return FALSE;
        }
      digits = token_text (parser, advance (parser));
      number = g_strconcat (negative ? "-" : "", digits, NULL);
      errno = 0;
      constant->integer = g_ascii_strtoll (number, &end, 10);
      if (errno != 0 || *end != '\0')
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       PARSE_ERROR_PREFIX "For input string: \"%s\"", number);
          return FALSE;
        }
      constant->is_integer = TRUE;
      return TRUE;
    }
  if (kind == TOKEN_DATE || kind == TOKEN_DATE_VALUE
      || kind == TOKEN_TIMESTAMP || kind == TOKEN_TIMESTAMP_VALUE)
    {
      gboolean is_date = kind == TOKEN_DATE || kind == TOKEN_DATE_VALUE;
      g_autofree char *raw = NULL;

      if (kind == TOKEN_DATE || kind == TOKEN_TIMESTAMP)
        {
          advance (parser);
          if (peek_kind (parser, 0) != TOKEN_STRING)
            {
              set_syntax_error (parser, error, "a quoted date or timestamp");
              return FALSE;
            }
        }
      raw = token_text (parser, advance (parser));
      constant->text = unquote (raw);
      if (is_date ? !is_valid_date (constant->text) : !is_valid_timestamp (constant->text))
        {
          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       PARSE_ERROR_PREFIX "Text '%s' could not be parsed as a %s", constant->text,
                       is_date ? "date" : "timestamp");
          g_clear_pointer (&constant->text, g_free);
          return FALSE;
        }
      return TRUE;
    }
  set_syntax_error (parser, error, "a constant");
  return FALSE;
}

static void
constant_clear (Constant *constant)
{
  g_clear_pointer (&constant->text, g_free);
}

/* Reads a comparison operator; FALSE with an error for anything else (and for <=>). */
static gboolean
parse_operator (Parser *parser, Operator *operator, GError **error)
{
  switch (peek_kind (parser, 0))
    {
    case TOKEN_EQ: *operator = OPERATOR_EQUALS; break;
    case TOKEN_NEQ: *operator = OPERATOR_NOT_EQUALS; break;
    case TOKEN_NEQJ: *operator = OPERATOR_NOT_EQUALS2; break;
    case TOKEN_LT: *operator = OPERATOR_LESS; break;
    case TOKEN_LTE: *operator = OPERATOR_LESS_OR_EQUAL; break;
    case TOKEN_GT: *operator = OPERATOR_GREATER; break;
    case TOKEN_GTE: *operator = OPERATOR_GREATER_OR_EQUAL; break;
    case TOKEN_LIKE: *operator = OPERATOR_LIKE; break;
    case TOKEN_NSEQ:
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   PARSE_ERROR_PREFIX "Unsupported comparison operator: <=>");
      return FALSE;
    default:
      set_syntax_error (parser, error, "a comparison operator");
      return FALSE;
    }
  advance (parser);
  return TRUE;
}

/* Constants separated by commas, appended to `constants` (a GArray of Constant). */
static gboolean
parse_constant_list (Parser *parser, GArray *constants, GError **error)
{
  do
    {
      Constant constant;

      if (!parse_constant (parser, &constant, error))
        return FALSE;
      g_array_append_val (constants, constant);
    }
  while (peek_kind (parser, 0) == TOKEN_COMMA && advance (parser) != NULL);
  return TRUE;
}

static GArray *
constant_array_new (void)
{
  GArray *constants = g_array_new (FALSE, FALSE, sizeof (Constant));

  g_array_set_clear_func (constants, (GDestroyNotify) constant_clear);
  return constants;
}

/* key [NOT] IN (c1, ...): key = c1 OR ..., or key != c1 AND ... */
static FilterNode *
build_in (const char *key, GArray *constants, gboolean positive)
{
  FilterNode *tree = NULL;

  for (guint i = 0; i < constants->len; i++)
    tree = combine (tree, positive ? NODE_OR : NODE_AND,
                    node_new_leaf (key, positive ? OPERATOR_EQUALS : OPERATOR_NOT_EQUALS2,
                                   &g_array_index (constants, Constant, i), FALSE));
  return tree;
}

/* After the key: [NOT] IN ( constants ). */
static FilterNode *
parse_in_rest (Parser *parser, const char *key, GError **error)
{
  g_autoptr (GArray) constants = constant_array_new ();
  gboolean positive = TRUE;

  if (peek_kind (parser, 0) == TOKEN_NOT)
    {
      advance (parser);
      positive = FALSE;
    }
  if (!expect (parser, TOKEN_IN, "IN", error)
      || !expect (parser, TOKEN_LPAREN, "'('", error)
      || !parse_constant_list (parser, constants, error)
      || !expect (parser, TOKEN_RPAREN, "')' or ','", error))
    return NULL;
  return build_in (key, constants, positive);
}

/* After the key and an optional NOT: BETWEEN low AND high. */
static FilterNode *
parse_between_rest (Parser *parser, const char *key, gboolean positive, GError **error)
{
  Constant low = { 0 }, high = { 0 };
  FilterNode *tree = NULL;

  if (expect (parser, TOKEN_BETWEEN, "BETWEEN", error)
      && parse_constant (parser, &low, error)
      && expect (parser, TOKEN_AND, "AND", error)
      && parse_constant (parser, &high, error))
    tree = node_new_branch (positive ? NODE_AND : NODE_OR,
                            node_new_leaf (key, positive ? OPERATOR_GREATER_OR_EQUAL : OPERATOR_LESS,
                                           &low, FALSE),
                            node_new_leaf (key, positive ? OPERATOR_LESS_OR_EQUAL : OPERATOR_GREATER,
                                           &high, FALSE));
  constant_clear (&low);
  constant_clear (&high);
  return tree;
}

static char *
describe_strings (GPtrArray *keys)
{
  return hms_partition_values_to_string ((const char *const *) keys->pdata, keys->len);
}

static char *
describe_constants (GArray *constants)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < constants->len; i++)
    {
      Constant *constant = &g_array_index (constants, Constant, i);

      g_ptr_array_add (texts, constant->is_integer
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, constant->integer)
                                : g_strdup (constant->text));
    }
  return describe_strings (texts);
}

/* (STRUCT(k1, ...)) [NOT] IN ([CONST] STRUCT(c1, ...), ...) */
static FilterNode *
parse_struct_in (Parser *parser, GError **error)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  FilterNode *tree = NULL;
  gboolean positive = TRUE;

  if (!expect (parser, TOKEN_LPAREN, "'('", error)
      || !expect (parser, TOKEN_STRUCT, "STRUCT", error)
      || !expect (parser, TOKEN_LPAREN, "'('", error))
    return NULL;
  do
    {
      char *key = parse_key (parser, error);

      if (key == NULL)
        return NULL;
      g_ptr_array_add (keys, key);
    }
  while (peek_kind (parser, 0) == TOKEN_COMMA && advance (parser) != NULL);
  if (!expect (parser, TOKEN_RPAREN, "')' or ','", error)
      || !expect (parser, TOKEN_RPAREN, "')'", error))
    return NULL;
  if (peek_kind (parser, 0) == TOKEN_NOT)
    {
      advance (parser);
      positive = FALSE;
    }
  if (!expect (parser, TOKEN_IN, "IN", error) || !expect (parser, TOKEN_LPAREN, "'('", error))
    return NULL;
  do
    {
      g_autoptr (GArray) constants = constant_array_new ();
      FilterNode *row = NULL;

      if (peek_kind (parser, 0) == TOKEN_CONST)
        advance (parser);
      if (!expect (parser, TOKEN_STRUCT, "STRUCT", error)
          || !expect (parser, TOKEN_LPAREN, "'('", error)
          || !parse_constant_list (parser, constants, error)
          || !expect (parser, TOKEN_RPAREN, "')' or ','", error))
        {
          node_free (tree);
          return NULL;
        }
      if (constants->len != keys->len)
        {
          g_autofree char *key_text = describe_strings (keys);
          g_autofree char *value_text = describe_constants (constants);

          g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                       PARSE_ERROR_PREFIX "Struct key %s and value %s sizes do not match.",
                       key_text, value_text);
          node_free (tree);
          return NULL;
        }
      for (guint i = 0; i < keys->len; i++)
        row = combine (row, positive ? NODE_AND : NODE_OR,
                       node_new_leaf (g_ptr_array_index (keys, i),
                                      positive ? OPERATOR_EQUALS : OPERATOR_NOT_EQUALS2,
                                      &g_array_index (constants, Constant, i), FALSE));
      tree = combine (tree, positive ? NODE_OR : NODE_AND, row);
    }
  while (peek_kind (parser, 0) == TOKEN_COMMA && advance (parser) != NULL);
  if (!expect (parser, TOKEN_RPAREN, "')' or ','", error))
    {
      node_free (tree);
      return NULL;
    }
  return tree;
}

static FilterNode *parse_or (Parser *parser, GError **error);

/* A condition that starts with a key: comparison, [NOT] BETWEEN, or [NOT] IN. */
static FilterNode *
parse_key_condition (Parser *parser, GError **error)
{
  g_autofree char *key = parse_key (parser, error);
  Constant value = { 0 };
  Operator operator;
  FilterNode *leaf;

  if (key == NULL)
    return NULL;
  switch (peek_kind (parser, 0))
    {
    case TOKEN_BETWEEN:
      return parse_between_rest (parser, key, TRUE, error);
    case TOKEN_IN:
      return parse_in_rest (parser, key, error);
    case TOKEN_NOT:
      if (peek_kind (parser, 1) == TOKEN_IN)
        return parse_in_rest (parser, key, error);
      advance (parser);
      if (peek_kind (parser, 0) != TOKEN_BETWEEN)
        {
          set_syntax_error (parser, error, "BETWEEN or IN");
          return NULL;
        }
      return parse_between_rest (parser, key, FALSE, error);
    default:
      break;
    }
  if (!parse_operator (parser, &operator, error) || !parse_constant (parser, &value, error))
    return NULL;
  leaf = node_new_leaf (key, operator, &value, FALSE);
  constant_clear (&value);
  return leaf;
}

/* constant op key */
static FilterNode *
parse_reversed_comparison (Parser *parser, GError **error)
{
  Constant value = { 0 };
  Operator operator;
  g_autofree char *key = NULL;
  FilterNode *leaf = NULL;

  if (parse_constant (parser, &value, error)
      && parse_operator (parser, &operator, error)
      && (key = parse_key (parser, error)) != NULL)
    leaf = node_new_leaf (key, operator, &value, TRUE);
  constant_clear (&value);
  return leaf;
}

/* expression: ( or ) | (key) [NOT] IN (...) | (STRUCT(...)) [NOT] IN (...) | condition */
static FilterNode *
parse_expression (Parser *parser, GError **error)
{
  TokenKind kind = peek_kind (parser, 0);

  if (kind == TOKEN_LPAREN)
    {
      FilterNode *inner;

      if (peek_kind (parser, 1) == TOKEN_STRUCT)
        return parse_struct_in (parser, error);
      if (is_key_token (peek_kind (parser, 1)) && peek_kind (parser, 2) == TOKEN_RPAREN
          && (peek_kind (parser, 3) == TOKEN_IN
              || (peek_kind (parser, 3) == TOKEN_NOT && peek_kind (parser, 4) == TOKEN_IN)))
        {
          g_autofree char *key = NULL;

          advance (parser);
          key = parse_key (parser, error);
          advance (parser);
          return parse_in_rest (parser, key, error);
        }
      advance (parser);
      inner = parse_or (parser, error);
      if (inner == NULL)
        return NULL;
      if (!expect (parser, TOKEN_RPAREN, "')'", error))
        {
          node_free (inner);
          return NULL;
        }
      return inner;
    }
  if (is_key_token (kind))
    return parse_key_condition (parser, error);
  if (starts_constant (kind))
    return parse_reversed_comparison (parser, error);
  set_syntax_error (parser, error, "a partition key, a constant or '('");
  return NULL;
}

static FilterNode *
parse_and (Parser *parser, GError **error)
{
  FilterNode *tree = parse_expression (parser, error);

  while (tree != NULL && peek_kind (parser, 0) == TOKEN_AND)
    {
      FilterNode *next;

      advance (parser);
      next = parse_expression (parser, error);
      if (next == NULL)
        {
          node_free (tree);
          return NULL;
        }
      tree = node_new_branch (NODE_AND, tree, next);
    }
  return tree;
}

static FilterNode *
parse_or (Parser *parser, GError **error)
{
  FilterNode *tree = parse_and (parser, error);

  while (tree != NULL && peek_kind (parser, 0) == TOKEN_OR)
    {
      FilterNode *next;

      advance (parser);
      next = parse_and (parser, error);
      if (next == NULL)
        {
          node_free (tree);
          return NULL;
        }
      tree = node_new_branch (NODE_OR, tree, next);
    }
  return tree;
}

/* NULL, "" or white space only: Hive's empty filter. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

HmsPartitionFilter *
hms_partition_filter_parse (const char *text, GError **error)
{
  g_autoptr (HmsPartitionFilter) filter = g_new0 (HmsPartitionFilter, 1);
  Parser parser = { text, NULL, 0 };

  if (is_blank (text))
    return g_steal_pointer (&filter);
  parser.tokens = tokenize (text);
  filter->root = parse_or (&parser, error);
  if (filter->root != NULL && peek_kind (&parser, 0) != TOKEN_EOF)
    {
      set_syntax_error (&parser, error, "AND, OR or <EOF>");
      g_clear_pointer (&filter->root, node_free);
    }
  g_array_unref (parser.tokens);
  if (filter->root == NULL)
    return NULL;
  return g_steal_pointer (&filter);
}

void
hms_partition_filter_free (HmsPartitionFilter *filter)
{
  if (filter == NULL)
    return;
  node_free (filter->root);
  g_free (filter);
}

gboolean
hms_partition_filter_is_empty (const HmsPartitionFilter *filter)
{
  return filter->root == NULL;
}

static void
describe_node (const FilterNode *node, GString *out)
{
  if (node->kind != NODE_LEAF)
    {
      g_string_append_c (out, '(');
      describe_node (node->left, out);
      g_string_append (out, node->kind == NODE_AND ? " AND " : " OR ");
      describe_node (node->right, out);
      g_string_append_c (out, ')');
      return;
    }
  {
    g_autofree char *value = node->value.is_integer
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, node->value.integer)
                               : g_strdup_printf ("'%s'", node->value.text);

    if (node->reversed)
      g_string_append_printf (out, "%s %s %s", value, operator_text[node->operator], node->key);
    else
      g_string_append_printf (out, "%s %s %s", node->key, operator_text[node->operator], value);
  }
}

char *
hms_partition_filter_describe (const HmsPartitionFilter *filter)
{
  GString *out = g_string_new (NULL);

  if (filter->root != NULL)
    describe_node (filter->root, out);
  return g_string_free (out, FALSE);
}

/* --- SQL ---------------------------------------------------------------- */

/* The kinds of key Hive's PartitionFilterGenerator pushes down (its FilterType). */
typedef enum
{
  KEY_KIND_INVALID,
  KEY_KIND_INTEGRAL,
  KEY_KIND_STRING,
  KEY_KIND_DATE,
  KEY_KIND_TIMESTAMP,
} KeyKind;

/* ColumnType.getTypeName: the type's leading word, lower-cased ("varchar(10)" is varchar). */
static KeyKind
key_kind_of (const char *type)
{
  static const struct
  {
    const char *name;
    KeyKind     kind;
  } kinds[] = {
    { "tinyint", KEY_KIND_INTEGRAL }, { "smallint", KEY_KIND_INTEGRAL },
    { "int", KEY_KIND_INTEGRAL },     { "bigint", KEY_KIND_INTEGRAL },
    { "string", KEY_KIND_STRING },    { "char", KEY_KIND_STRING },
    { "varchar", KEY_KIND_STRING },   { "date", KEY_KIND_DATE },
    { "timestamp", KEY_KIND_TIMESTAMP },
  };
  gsize length = 0;

  if (type == NULL)
    return KEY_KIND_INVALID;
  while (type[length] == ' ')
    type++;
  while (is_word_character (type[length]))
    length++;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strlen (kinds[i].name) == length && g_ascii_strncasecmp (type, kinds[i].name, length) == 0)
      return kinds[i].kind;
  return KEY_KIND_INVALID;
}

typedef struct
{
  const HmsPartitionKey *keys;
  guint                  key_count;
  const char            *default_partition_name;
  guint                  first_parameter;
  GString               *condition;
  GString               *joins;
  gboolean              *joined;      /* per key: its FILTER<i> join is there */
  GPtrArray             *parameters;
} Generator;

/* Adds a parameter; returns its placeholder ("$n"). */
static char *
add_parameter (Generator *generator, const char *value)
{
  g_ptr_array_add (generator->parameters, g_strdup (value));
  return g_strdup_printf ("$%u", generator->first_parameter + generator->parameters->len - 1);
}

static gboolean
keys_equal_ignoring_case (const char *a, const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return strcmp (folded_a, folded_b) == 0;
}

static gboolean
set_type_error (GError **error)
{
  g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, HMS_PARTITION_FILTER_TYPE_MESSAGE);
  return FALSE;
}

static const char *
sql_operator (Operator operator)
{
  static const char *const sql[] = { "=", "<>", "<>", "<", "<=", ">", ">=", "LIKE" };

  return sql[operator];
}

/*
 * The extra PART_NAME test Hive adds for = and != (an index-friendly
 * prefilter that also decides what "=" means for an integral key: the
 * escaped text must match).
 */
static gboolean
append_name_test (Generator *generator, guint index, KeyKind kind, const FilterNode *leaf,
                  const char *value_text, GString *filter, GError **error)
{
  gboolean equals = leaf->operator == OPERATOR_EQUALS;
  const char *key = generator->keys[index].name;
  g_autofree char *escaped_key = NULL;
  g_autofree char *escaped_value = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *placeholder = NULL;

  /* Warehouse.makePartName(Map) refuses an empty value. */
  if (value_text[0] == '\0')
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED, "Partition spec is incorrect. {%s=}", key);
      return FALSE;
    }
  escaped_key = hms_partition_escape (key, NULL);
  escaped_value = hms_partition_escape (value_text, NULL);
  /* Dates may carry a time part in names some engines write: match by prefix. */
  fragment = g_strdup_printf ("%s=%s%s", escaped_key, escaped_value, kind == KEY_KIND_DATE ? "%" : "");
  if (kind != KEY_KIND_DATE && generator->key_count == 1)
    {
      placeholder = add_parameter (generator, fragment);
      g_string_append_printf (filter, " AND p.\"PART_NAME\" %s %s", equals ? "=" : "<>", placeholder);
      return TRUE;
    }
  if (generator->key_count == 1)
    pattern = g_strdup (fragment);
  else if (index + 1 == generator->key_count)
    pattern = g_strconcat ("%/", fragment, NULL);
  else if (index == 0)
    pattern = g_strconcat (fragment, "/%", NULL);
  else
    pattern = g_strconcat ("%/", fragment, "/%", NULL);
  placeholder = add_parameter (generator, pattern);
  g_string_append_printf (filter, " AND p.\"PART_NAME\" %s %s", equals ? "LIKE" : "NOT LIKE", placeholder);
  return TRUE;
}

static gboolean
generate_leaf (Generator *generator, const FilterNode *leaf, GError **error)
{
  guint index;
  KeyKind kind;
  gboolean is_default = FALSE;
  g_autofree char *value_text = NULL;   /* what Hive's node.value.toString() gives */
  g_autofree char *column = NULL;
  g_autofree char *table_value = NULL;
  g_autofree char *placeholder = NULL;
  g_autofree char *value_sql = NULL;
  g_autoptr (GString) filter = g_string_new (NULL);

  for (index = 0; index < generator->key_count; index++)
    if (keys_equal_ignoring_case (generator->keys[index].name, leaf->key))
      break;
  if (index == generator->key_count)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Specified key <%s> is not a partitioning key for the table", leaf->key);
      return FALSE;
    }
  kind = key_kind_of (generator->keys[index].type);
  if (kind == KEY_KIND_INVALID)
    return set_type_error (error);

  value_text = leaf->value.is_integer ? g_strdup_printf ("%" G_GINT64_FORMAT, leaf->value.integer)
                                      : g_strdup (leaf->value.text);
  if (!leaf->value.is_integer)
    is_default = strcmp (leaf->value.text, generator->default_partition_name) == 0;

  /* The constant must be of the key's kind (or be the default partition name). */
  if (!is_default)
    {
      gboolean compatible;

      switch (kind)
        {
        case KEY_KIND_INTEGRAL:
          compatible = leaf->value.is_integer;
          break;
        case KEY_KIND_STRING:
          compatible = !leaf->value.is_integer;
          break;
        case KEY_KIND_DATE:
          compatible = !leaf->value.is_integer && is_valid_date (leaf->value.text);
          break;
        default:
          compatible = !leaf->value.is_integer && is_valid_timestamp (leaf->value.text);
          break;
        }
      /*
       * LIKE on a cast value does not exist in PostgreSQL either, and a
       * reversed LIKE is not valid SQL as Hive writes it: Hive's JDO
       * fallback then answers.
       */
      if (!compatible || (leaf->operator == OPERATOR_LIKE && kind != KEY_KIND_STRING))
        return set_type_error (error);
    }
  if (leaf->operator == OPERATOR_LIKE && leaf->reversed)
    {
      g_set_error (error, HMS_ERROR, HMS_ERROR_FAILED,
                   "Value should be on the RHS for LIKE operator : Key <%s>", leaf->key);
      return FALSE;
    }

  if (!generator->joined[index])
    {
      g_string_append_printf (generator->joins,
                              " JOIN \"PARTITION_KEY_VALS\" \"FILTER%u\" ON \"FILTER%u\".\"PART_ID\" = p.\"PART_ID\""
                              " AND \"FILTER%u\".\"INTEGER_IDX\" = %u",
                              index, index, index, index);
      generator->joined[index] = TRUE;
    }
  column = g_strdup_printf ("\"FILTER%u\".\"PART_KEY_VAL\"", index);

  placeholder = add_parameter (generator, value_text);
  if (kind == KEY_KIND_STRING || is_default)
    {
      table_value = g_strdup (column);
      value_sql = g_strdup (placeholder);
    }
  else
    {
      static const char *const casts[] = { NULL, "decimal(21,0)", NULL, "date", "timestamp" };
      static const char *const parameter_types[] = { NULL, "bigint", NULL, "date", "timestamp" };
      g_autofree char *default_placeholder = add_parameter (generator, generator->default_partition_name);

      /* The default partition is skipped rather than cast, as Hive does. */
      table_value = g_strdup_printf ("(CASE WHEN %s <> %s THEN CAST(%s AS %s) ELSE NULL END)",
                                     column, default_placeholder, column, casts[kind]);
      value_sql = g_strdup_printf ("%s::%s", placeholder, parameter_types[kind]);
    }

  if (leaf->reversed)
    g_string_append_printf (filter, "%s %s %s", value_sql, sql_operator (leaf->operator), table_value);
  else
    g_string_append_printf (filter, "%s %s %s", table_value, sql_operator (leaf->operator), value_sql);
  if (leaf->operator == OPERATOR_LIKE)
    g_string_append (filter, " ESCAPE '\\'");

  if ((leaf->operator == OPERATOR_EQUALS || leaf->operator == OPERATOR_NOT_EQUALS
       || leaf->operator == OPERATOR_NOT_EQUALS2)
      && !append_name_test (generator, index, kind, leaf, value_text, filter, error))
    return FALSE;

  g_string_append_printf (generator->condition, "(%s)", filter->str);
  return TRUE;
}

static gboolean
generate_node (Generator *generator, const FilterNode *node, GError **error)
{
  if (node->kind == NODE_LEAF)
    return generate_leaf (generator, node, error);
  g_string_append_c (generator->condition, '(');
  if (!generate_node (generator, node->left, error))
    return FALSE;
  g_string_append (generator->condition, node->kind == NODE_AND ? " AND " : " OR ");
  if (!generate_node (generator, node->right, error))
    return FALSE;
  g_string_append_c (generator->condition, ')');
  return TRUE;
}

void
hms_partition_filter_sql_clear (HmsPartitionFilterSql *sql)
{
  g_clear_pointer (&sql->joins, g_free);
  g_clear_pointer (&sql->condition, g_free);
  g_clear_pointer (&sql->parameters, g_ptr_array_unref);
}

gboolean
hms_partition_filter_to_sql (const HmsPartitionFilter *filter,
                             const HmsPartitionKey *keys, guint key_count,
                             const char *default_partition_name,
                             guint first_parameter, HmsPartitionFilterSql *sql,
                             GError **error)
{
  g_autofree gboolean *joined = g_new0 (gboolean, key_count + 1);
  Generator generator = {
    keys, key_count,
    default_partition_name != NULL ? default_partition_name : HMS_PARTITION_DEFAULT_NAME,
    first_parameter, g_string_new (NULL), g_string_new (NULL), joined,
    g_ptr_array_new_with_free_func (g_free),
  };

  if (filter->root == NULL)
    g_string_append (generator.condition, "TRUE");
  else if (!generate_node (&generator, filter->root, error))
    {
      g_string_free (generator.condition, TRUE);
      g_string_free (generator.joins, TRUE);
      g_ptr_array_unref (generator.parameters);
      return FALSE;
    }
  sql->condition = g_string_free (generator.condition, FALSE);
  sql->joins = g_string_free (generator.joins, FALSE);
  sql->parameters = generator.parameters;
  return TRUE;
}
