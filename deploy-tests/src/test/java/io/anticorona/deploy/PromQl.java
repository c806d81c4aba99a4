package io.anticorona.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression: each metric name it reads and its equality label matchers. Just
 * enough of PromQL's lexer to tell a metric name from a function, an aggregation, a keyword, a label list
 * ({@code by (...)}), a range ({@code [5m]}) or a string; Prometheus itself is not available offline.
 */
final class PromQl {

    /** One selector: {@code name{label="value", ...}}; only the {@code =} matchers are kept. */
    record Selector(String metric, Map<String, String> labels) {
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    /** Aggregation operators, which may put their by/without clause before their argument: sum by (le) (...). */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expr);
                }
            } else if (c == '{') {
                // A selector without a name ({__name__="x"}): not used here, and not allowed by the checks.
                throw new IllegalArgumentException("a selector without a metric name in " + expr);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (LABEL_LISTS.contains(word)) {
                    if (next < n && expr.charAt(next) == '(') {
                        i = expr.indexOf(')', next) + 1;
                    }
                } else if (next < n && expr.charAt(next) == '(' || KEYWORDS.contains(word.toLowerCase()) || AGGREGATIONS.contains(word)) {
                    // a function or an aggregation; its arguments are scanned on
                } else {
                    Map<String, String> labels = new LinkedHashMap<>();
                    if (next < n && expr.charAt(next) == '{') {
                        int close = closingBrace(expr, next);
                        Matcher m = MATCHER.matcher(expr.substring(next + 1, close));
                        while (m.find()) {
                            if (m.group(2).equals("=")) {
                                labels.put(m.group(1), m.group(3));
                            }
                        }
                        i = close + 1;
                    }
                    selectors.add(new Selector(word, labels));
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    /** The regular-expression matchers ({@code =~}) of every selector of {@code metric}: label to regex. */
    static List<Map<String, String>> regexMatchers(String expr, String metric) {
        List<Map<String, String>> found = new ArrayList<>();
        Matcher selector = Pattern.compile("\\b" + Pattern.quote(metric) + "\\s*\\{([^}]*)}").matcher(expr);
        while (selector.find()) {
            Map<String, String> regexes = new LinkedHashMap<>();
            Matcher m = MATCHER.matcher(selector.group(1));
            while (m.find()) {
                if (m.group(2).equals("=~")) {
                    regexes.put(m.group(1), m.group(3).replace("\\\\", "\\"));
                }
            }
            found.add(regexes);
        }
        return found;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("unclosed string in " + s);
        }
        return i + 1;
    }

    private static int closingBrace(String s, int open) {
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != '}') {
            i = s.charAt(i) == '"' ? skipString(s, i) : i + 1;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("unclosed { in " + s);
        }
        return i;
    }
}
