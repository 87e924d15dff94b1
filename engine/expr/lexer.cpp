#include "expr/lexer.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace goalpath::expr::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Full-width and typographic characters that an input method slips in for
// an ASCII operator, with the character meant.
struct Lookalike {
  std::string_view utf8;
  std::string_view ascii;
};
constexpr std::array<Lookalike, 14> kLookalikes{{
    {"\xEF\xBC\x88", "("},   // （
    {"\xEF\xBC\x89", ")"},   // ）
    {"\xEF\xBC\x8C", ","},   // ，
    {"\xE3\x80\x81", ","},   // 、
    {"\xEF\xBC\x8B", "+"},   // ＋
    {"\xEF\xBC\x8D", "-"},   // －
    {"\xE2\x88\x92", "-"},   // − (minus sign)
    {"\xC3\x97", "*"},       // ×
    {"\xEF\xBC\x8A", "*"},   // ＊
    {"\xC3\xB7", "/"},       // ÷
    {"\xEF\xBC\x8F", "/"},   // ／
    {"\xEF\xBC\x8E", "."},   // ．
    {"\xEF\xBC\x9A", ":"},   // ：
    {"\xE3\x80\x80", " "},   // 　 (ideographic space)
}};

constexpr std::string_view kWhatExpressionsHold =
    "an expression is made of numbers, names, + - * / ^, comparisons, and/or/not, "
    "parentheses and function calls";

}  // namespace

void fail(const SourcePos& pos, int offset, std::string code, std::string message, std::string hint) {
  throw InputError(pos.shifted(offset), std::move(code), std::move(message), std::move(hint));
}

Token Lexer::next() {
  while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  const int offset = static_cast<int>(at_);
  if (at_ == text_.size()) return Token{TokenKind::end, offset, 0, 0.0};

  const char c = text_[at_];
  const char following = at_ + 1 < text_.size() ? text_[at_ + 1] : '\0';
  if (is_digit(c) || (c == '.' && is_digit(following))) return lex_number(at_);
  if (is_name_start(c)) return lex_name(at_);

  auto single = [&](TokenKind kind) {
    at_ += 1;
    return Token{kind, offset, 1, 0.0};
  };
  auto pair = [&](TokenKind kind) {
    at_ += 2;
    return Token{kind, offset, 2, 0.0};
  };
  switch (c) {
    case '+': return single(TokenKind::plus);
    case '-': return single(TokenKind::minus);
    case '*': return single(TokenKind::star);
    case '/': return single(TokenKind::slash);
    case '^': return single(TokenKind::caret);
    case '(': return single(TokenKind::lparen);
    case ')': return single(TokenKind::rparen);
    case ',': return single(TokenKind::comma);
    case '<': return following == '=' ? pair(TokenKind::less_equal) : single(TokenKind::less);
    case '>': return following == '=' ? pair(TokenKind::greater_equal) : single(TokenKind::greater);
    case '=':
      if (following == '=') return pair(TokenKind::equal);
      fail(pos_, offset, "syntax", "unexpected character '='", "use '==' to compare two values");
    case '!':
      if (following == '=') return pair(TokenKind::not_equal);
      fail(pos_, offset, "syntax", "unexpected character '!'",
           "use 'not' to negate a condition and '!=' for 'not equal'");
    case '&':
      fail(pos_, offset, "syntax", "unexpected character '&'", "use 'and' to combine conditions");
    case '|':
      fail(pos_, offset, "syntax", "unexpected character '|'", "use 'or' to combine conditions");
    case '%':
      fail(pos_, offset, "syntax", "unexpected character '%'",
           "write a percentage as a fraction: 4% is 0.04 (and 4% of x is 0.04 * x)");
    default: bad_character(at_);
  }
}

Token Lexer::lex_number(std::size_t start) {
  std::size_t end = start;
  while (end < text_.size() && is_digit(text_[end])) ++end;
  if (end < text_.size() && text_[end] == '.') {
    ++end;
    while (end < text_.size() && is_digit(text_[end])) ++end;
  }
  if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
    if (exponent == text_.size() || !is_digit(text_[exponent])) {
      fail(pos_, static_cast<int>(start), "syntax",
           "malformed number '" + std::string(text_.substr(start, exponent - start)) + "'",
           "an exponent needs digits, as in 1e-3 or 2.5E+4");
    }
    end = exponent;
    while (end < text_.size() && is_digit(text_[end])) ++end;
  }
  if (end < text_.size() && text_[end] == '.') {
    std::size_t run = end;
    while (run < text_.size() && (is_digit(text_[run]) || text_[run] == '.')) ++run;
    fail(pos_, static_cast<int>(start), "syntax",
         "malformed number '" + std::string(text_.substr(start, run - start)) + "'",
         "a number has at most one decimal point");
  }

  Token token{TokenKind::number, static_cast<int>(start), static_cast<int>(end - start), 0.0};
  const auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + end, token.number);
  if (ec != std::errc() || ptr != text_.data() + end) {
    fail(pos_, token.offset, "syntax",
         "number '" + std::string(spelling(token)) + "' cannot be represented as a double",
         "use 0, or a number between about 2.2e-308 and 1.8e308 in size");
  }
  at_ = end;
  return token;
}

Token Lexer::lex_name(std::size_t start) {
  std::size_t end = start;
  while (end < text_.size() && is_name_char(text_[end])) ++end;
  const std::string_view word = text_.substr(start, end - start);
  TokenKind kind = TokenKind::name;
  if (word == "and") kind = TokenKind::kw_and;
  if (word == "or") kind = TokenKind::kw_or;
  if (word == "not") kind = TokenKind::kw_not;
  at_ = end;
  return Token{kind, static_cast<int>(start), static_cast<int>(end - start), 0.0};
}

void Lexer::bad_character(std::size_t at) const {
  const auto byte = static_cast<unsigned char>(text_[at]);
  std::string shown;
  std::string hint{kWhatExpressionsHold};
  if (byte >= 0x80) {
    // Show the whole UTF-8 sequence, not a broken byte.
    std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    shown = std::string(text_.substr(at, length));
    hint = "names use only the ASCII letters a-z, digits and '_' (an indicator's label: can hold a name in any "
           "language)";
    for (const auto& lookalike : kLookalikes) {
      if (lookalike.utf8 == shown) {
        hint = "write the ASCII '" + std::string(lookalike.ascii) + "' instead of '" + shown + "'";
      }
    }
  } else if (byte < 0x20 || byte == 0x7F) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(byte));
    shown = buffer;
  } else {
    shown = std::string(1, static_cast<char>(byte));
  }
  fail(pos_, static_cast<int>(at), "syntax", "unexpected character '" + shown + "'", std::move(hint));
}

std::string Lexer::describe(const Token& token) const {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) about "'" + std::string.
  std::string text;
  switch (token.kind) {
    case TokenKind::end: return "end of expression";
    case TokenKind::number: text = "number "; break;
    case TokenKind::name: text = "name "; break;
    default: break;
  }
  text += '\'';
  text += spelling(token);
  text += '\'';
  return text;
}

}  // namespace goalpath::expr::detail
