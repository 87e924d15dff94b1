// Quoting and wording shared by the CSV, Markdown and HTML writers.
#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>

#include "report/report.hpp"

namespace goalpath::report::detail {

namespace {

/// True when all of `text` reads as one number ("-3.5", "1e-9").
bool is_number(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [at, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && at == end;
}

}  // namespace

std::string csv_field(std::string_view raw) {
  // A cell that starts with = + - @ (or a tab or CR, which some spreadsheets
  // skip before looking for those) is read as a formula: a label such as
  // =HYPERLINK(...) would run when the file is opened. OWASP's advice: a
  // leading single quote makes it text. Numbers (-3.5) are left alone.
  std::string guarded;
  if (!raw.empty() && std::string_view("=+-@\t\r").find(raw.front()) != std::string_view::npos && !is_number(raw)) {
    guarded = "'" + std::string(raw);
    raw = guarded;
  }
  const std::string_view text = raw;
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k) out += ',';
    out += csv_field(fields[k]);
  }
  return out + "\r\n";
}

std::string exact_number(double value) {
  if (!std::isfinite(value)) return {};
  return fmt::format("{}", value);
}

std::string md_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\|`*[]<>").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string md_code(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  // CommonMark strips one space on each side, so a text starting or ending with ` stays intact.
  std::string pad = !text.empty() && (text.front() == '`' || text.back() == '`') ? " " : "";
  std::string body(text);
  for (char& c : body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return fence + pad + body + pad + fence;
}

std::string md_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                     const std::vector<bool>& numeric) {
  std::string out = "|";
  auto cell = [&out](std::string_view text) {
    out += ' ';
    out += md_escape(text);
    out += " |";
  };
  for (const auto& h : header) cell(h);
  out += "\n|";
  for (std::size_t c = 0; c < header.size(); ++c) out += c < numeric.size() && numeric[c] ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t c = 0; c < header.size(); ++c) cell(c < row.size() ? row[c] : "");
    out += "\n";
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t k = 0; k < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[k]);
    if (c == 0x1B) {  // an ANSI colour sequence (ESC [ ... m) takes no column
      std::size_t end = text.find('m', k);
      k = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // Lead byte E2 is U+2000–U+2FFF (dashes, arrows, ≥): one column, unlike CJK.
    width += length >= 3 && c != 0xE2 ? 2 : 1;
    k += length;
  }
  return width;
}

std::string aligned_columns(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string fill(widths[c] - display_width(row[c]), ' ');
      bool r = c < right.size() && right[c];
      line += (c ? "  " : "") + (r ? fill + row[c] : row[c] + fill);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string points(const std::optional<double>& delta) {
  if (!delta || !std::isfinite(*delta)) return "—";
  if (*delta == 0) return "0.0 pts";  // exactly unchanged (common random numbers), not a rounded change
  return fmt::format("{:+.1f} pts", 100.0 * *delta);
}

std::string points(const std::optional<double>& delta, const std::optional<double>& se) {
  if (!se || !std::isfinite(*se) || !delta || !std::isfinite(*delta)) return points(delta);
  return fmt::format("{:+.1f} ± {:.2f} pts", 100.0 * *delta, 100.0 * *se);
}

std::string points(const std::optional<double>& delta, const std::optional<double>& se, Lang lang) {
  if (lang == Lang::en) return points(delta, se);
  if (!delta || !std::isfinite(*delta)) return "—";
  if (*delta == 0) return "0.0个百分点";
  if (!se || !std::isfinite(*se)) return fmt::format("{:+.1f}个百分点", 100.0 * *delta);
  return fmt::format("{:+.1f} ± {:.2f}个百分点", 100.0 * *delta, 100.0 * *se);
}

std::string ask_text(const analysis::TargetAsk& ask, const std::string& unit, AskWords words, Lang lang) {
  const bool every_year = ask.kind == scenario::TargetKind::every_year;
  const bool zh = lang == Lang::zh;
  const std::string span = ask.kind == scenario::TargetKind::level ? std::to_string(ask.last_year)
                                                                   : fmt::format("{}–{}", ask.first_year, ask.last_year);
  // A share's threshold reads as a percentage in every wording; other
  // thresholds carry their unit only where the wording has room for it.
  const bool share = unit_kind(unit) == UnitKind::share;
  const std::string bare = share ? percent_text(ask.threshold) : human_number(ask.threshold);
  if (words == AskWords::ascii) {
    const char* what = ask.is_cagr() ? "cagr " : every_year ? "every " : "";
    return fmt::format("{}{} {} {}", what, span, ask.op(), ask.is_cagr() ? percent_text(ask.threshold) : bare);
  }
  const char* sign = ask.bound == analysis::Bound::at_most ? "≤" : "≥";
  const std::string years = words == AskWords::with_years ? span + (zh ? "年" : "") + " " : "";
  if (ask.is_cagr()) {
    return zh ? fmt::format("{}年均增长 {} {}", years, sign, percent(ask.threshold))
              : fmt::format("growth {}{} {}/yr", years, sign, percent(ask.threshold));
  }
  const std::string amount = words == AskWords::bound ? quantity_text(ask.threshold, unit, lang) : bare;
  if (zh) return fmt::format("{}{}{} {}", years, every_year ? "每年 " : "", sign, amount);
  return fmt::format("{}{}{} {}", every_year ? "every year " : "", years, sign, amount);
}

std::string measured_text(const analysis::TargetAsk& ask, double value, const std::string& unit, Lang lang) {
  if (ask.is_cagr()) return percent(value) + say(lang, "/yr", "/年");
  return quantity_text(value, unit, lang);
}

std::string words(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string probability_text(const analysis::TargetResult& t, Lang lang) {
  if (!t.probability) return t.deterministic_met ? say(lang, "met", "达到") : say(lang, "not met", "未达到");
  std::string text = percent(*t.probability);
  if (t.probability_se && std::isfinite(*t.probability_se)) text += " ± " + percent(*t.probability_se, 2);
  return text;
}

std::string settings_line(const analysis::RunResult& r, Lang lang) {
  // No thread count: the numbers are the same for any, and so is the page
  // (the reproducibility block records the threads a run used).
  if (lang == Lang::zh) {
    std::string years = r.years.empty() ? "" : fmt::format("，{}–{}年", r.years.front(), r.years.back());
    if (r.settings.deterministic) return "确定性预测（不抽样）" + years;
    return fmt::format("{}条路径，随机种子{}{}", r.settings.paths, r.settings.seed, years);
  }
  std::string years = r.years.empty() ? "" : fmt::format(", years {}–{}", r.years.front(), r.years.back());
  if (r.settings.deterministic) return "deterministic projection (no Monte Carlo)" + years;
  return fmt::format("{} paths, seed {}{}", r.settings.paths, r.settings.seed, years);
}

namespace {

/// "A growth rate below -100% would have turned a level negative in ...; " or "".
std::string sign_flip_sentence(const analysis::RunResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  std::vector<std::string> places;
  for (const auto& i : analysis::sign_flips_by_indicator(r)) {
    places.push_back(zh ? fmt::format("指标 {}（{}个路径年）", i.name, i.count)
                        : fmt::format("indicator {} ({} path-years)", i.name, i.count));
  }
  for (const auto& i : r.indicators) {
    if (i.deterministic_sign_flip_years.empty()) continue;
    places.push_back(zh ? fmt::format("指标 {}（确定性预测，{}年）", i.name, i.deterministic_sign_flip_years.front())
                        : fmt::format("indicator {} (deterministic projection, {})", i.name,
                                      i.deterministic_sign_flip_years.front()));
  }
  if (places.empty()) return "";
  if (zh) return fmt::format("低于-100%的增长率会使{}的水平变为负值；这些水平按非数值处理。", fmt::join(places, "、"));
  return fmt::format("a growth rate below -100% would have turned a level negative in {}; those levels are "
                     "treated as not a number. ",
                     fmt::join(places, ", "));
}

}  // namespace

std::string nonfinite_warning(const analysis::RunResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  std::vector<std::string> places;
  for (const auto& t : analysis::nonfinite_by_target(r)) {
    places.push_back(zh ? fmt::format("目标 {}（{}条路径）", t.name, t.count)
                        : fmt::format("target {} ({} paths)", t.name, t.count));
  }
  for (const auto& i : analysis::nonfinite_by_indicator(r)) {
    places.push_back(zh ? fmt::format("指标 {}（{}个路径年）", i.name, i.count)
                        : fmt::format("indicator {} ({} path-years)", i.name, i.count));
  }
  for (const auto& t : r.targets) {
    if (std::isfinite(t.deterministic_value)) continue;
    places.push_back(zh ? fmt::format("目标 {}（确定性预测）", t.id) : fmt::format("target {} (deterministic projection)", t.id));
  }
  const std::string flips = sign_flip_sentence(r, lang);
  if (places.empty() && r.nonfinite_paths == 0 && flips.empty()) return "";
  const std::string where = fmt::format("{}", fmt::join(places, zh ? "、" : ", "));
  // ±inf is an ordered value and counts like any number; only NaN paths are
  // left out, and then the probability is only known within bounds.
  std::vector<std::string> bounds;
  for (const auto& t : r.targets) {
    if (t.probability_if_nan_failed && t.probability_if_nan_met) {
      bounds.push_back(zh ? fmt::format("{}（{}条非数值路径：介于{}与{}之间）", t.id, t.nan,
                                        percent(*t.probability_if_nan_failed), percent(*t.probability_if_nan_met))
                          : fmt::format("{} ({} NaN paths: between {} and {})", t.id, t.nan,
                                        percent(*t.probability_if_nan_failed), percent(*t.probability_if_nan_met)));
    }
  }
  if (zh) {
    const std::string moved =
        bounds.empty() ? "" : fmt::format("把非数值路径计为未实现或已实现，概率可能为：{}。", fmt::join(bounds, "、"));
    return fmt::format("{}有{}条路径得出非有限值（除以零、对零或负的水平取对数、溢出、水平变为负值）{}{}；无穷大的值与其他数值"
                       "一样判定是否达到目标，非数值（NaN）不计入概率。{}",
                       flips, r.nonfinite_paths, where.empty() ? "" : "：", where, moved);
  }
  const std::string moved =
      bounds.empty() ? ""
                     : fmt::format(" Counting the NaN paths as failed or as met, the probabilities could be: {}.",
                                   fmt::join(bounds, ", "));
  return fmt::format("{}{} paths produced a value that is not finite (division by zero, log of a negative or zero "
                     "level, overflow, a level turned negative){}{}; an infinite value meets or fails a bound like any "
                     "number, a value that is not a number (NaN) is left out of the probabilities.{}",
                     flips, r.nonfinite_paths, where.empty() ? "" : ": ", where, moved);
}

std::string few_paths_warning(const analysis::RunResult& r, Lang lang) {
  if (!r.few_paths_se) return "";
  if (lang == Lang::zh) {
    return fmt::format("仅{}条路径：概率只是粗略估计（标准误最大可达{}）。", r.settings.paths, percent_text(*r.few_paths_se));
  }
  return fmt::format("only {} paths: probabilities are rough (standard error up to {}).", r.settings.paths,
                     percent_text(*r.few_paths_se));
}

std::vector<std::string> run_warnings(const analysis::RunResult& r, Lang lang) {
  std::vector<std::string> out;
  if (std::string w = nonfinite_warning(r, lang); !w.empty()) out.push_back(std::move(w));
  if (std::string w = few_paths_warning(r, lang); !w.empty()) out.push_back(std::move(w));
  out.insert(out.end(), r.warnings.begin(), r.warnings.end());
  return out;
}

}  // namespace goalpath::report::detail

namespace goalpath::report {

std::string terminal_safe(std::string_view text, bool keep_colour) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    if (keep_colour && c == 0x1B && k + 1 < text.size() && text[k + 1] == '[') {
      // Keep the colour (SGR) sequences the table writer itself adds: ESC [ digits ; m.
      std::size_t end = k + 2;
      while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == ';')) ++end;
      if (end < text.size() && text[end] == 'm' && end - k <= 16) {
        out.append(text.substr(k, end - k + 1));
        k = end;
        continue;
      }
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += '^';  // caret notation, as cat -v shows it: ESC is ^[
      out += static_cast<char>(c == 0x7F ? '?' : c + 0x40);
    } else if (c == 0xC2 && k + 1 < text.size() && static_cast<unsigned char>(text[k + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[k + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";  // a C1 control (U+0080-U+009F, such as CSI): the replacement character
      ++k;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace goalpath::report
