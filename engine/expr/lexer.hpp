// Tokens of the expression language (private to the expr module). The lexer
// runs on demand, one token ahead of the parser, so the first error in the
// text is the one reported.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace goalpath::expr::detail {

enum class TokenKind : std::uint8_t {
  end,  // past the last character
  number,
  name,
  kw_and,
  kw_or,
  kw_not,
  plus,
  minus,
  star,
  slash,
  caret,
  lparen,
  rparen,
  comma,
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
};

struct Token {
  TokenKind kind = TokenKind::end;
  int offset = 0;  // 0-based offset of the first character in the text
  int length = 0;
  double number = 0.0;  // TokenKind::number
};

/// Throws InputError at pos.shifted(offset).
[[noreturn]] void fail(const SourcePos& pos, int offset, std::string code, std::string message,
                       std::string hint);

class Lexer {
 public:
  /// `text` and `pos` must outlive the lexer.
  Lexer(std::string_view text, const SourcePos& pos) : text_(text), pos_(pos) {}

  /// The next token; TokenKind::end at offset text.size() once the text is
  /// used up. Throws InputError "syntax" for a character that starts no token
  /// and for a malformed number.
  Token next();

  /// The characters of a token.
  std::string_view spelling(const Token& token) const {
    return text_.substr(static_cast<std::size_t>(token.offset), static_cast<std::size_t>(token.length));
  }
  /// How an error message names a token: "')'", "number '12'", "name 'x'",
  /// "'and'", "end of expression".
  std::string describe(const Token& token) const;

 private:
  Token lex_number(std::size_t start);
  Token lex_name(std::size_t start);
  [[noreturn]] void bad_character(std::size_t at) const;

  std::string_view text_;
  const SourcePos& pos_;
  std::size_t at_ = 0;
};

}  // namespace goalpath::expr::detail
