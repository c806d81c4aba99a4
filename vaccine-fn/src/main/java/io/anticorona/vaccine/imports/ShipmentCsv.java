package io.anticorona.vaccine.imports;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.anticorona.common.problem.ProblemException;

/**
 * Reads a shipment file (RFC 4180 CSV, UTF-8, header {@code shipmentId,vaccineName,quantity}) into raw rows, each
 * with the file line it starts on. A file that is not CSV at all, or has the wrong header, is refused as a whole;
 * judging each row is the importer's job.
 */
public final class ShipmentCsv {

    public static final List<String> HEADER = List.of("shipmentId", "vaccineName", "quantity");

    private static final CsvMapper CSV = new CsvMapper();

    /** One CSV record: the 1-based line it starts on (the header is line 1) and its values as written. */
    @RegisterForReflection
    public record Row(long line, List<String> values) {
    }

    private ShipmentCsv() {
    }

    /** The data rows, blank lines left out; throws a 400 or 413 problem when the file cannot be imported at all. */
    public static List<Row> read(byte[] bytes, int maxRows) {
        String text = utf8(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw invalid("The file is empty; its first line must be the header " + String.join(",", HEADER));
        }
        List<Row> rows = new ArrayList<>();
        try (CsvParser parser = (CsvParser) CSV.getFactory().createParser(new StringReader(text))) {
            parser.setSchema(CsvSchema.emptySchema());
            parser.disable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.disable(CsvParser.Feature.ALLOW_TRAILING_COMMA);
            boolean header = true;
            Row row;
            while ((row = next(parser)) != null) {
                if (isBlank(row)) {
                    continue;
                }
                if (header) {
                    checkHeader(row);
                    header = false;
                } else if (rows.size() == maxRows) {
                    throw new ProblemException(413, "import-too-large", "Import too large",
                            "An import may hold at most " + maxRows + " rows; split the file");
                } else {
                    rows.add(row);
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw invalid("The file is not valid CSV" + where + ": "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("unreadable"));
        } catch (IOException e) {
            throw new IllegalStateException("Reading from memory failed", e);
        }
        return rows;
    }

    private static Row next(CsvParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        // A record is START_ARRAY, one VALUE_STRING per column, END_ARRAY; its line is where its first value starts.
        List<String> values = new ArrayList<>();
        long line = -1;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null; token = parser.nextToken()) {
            if (values.isEmpty()) {
                line = parser.currentTokenLocation().getLineNr();
            }
            values.add(parser.getText());
        }
        return new Row(line, values);
    }

    private static void checkHeader(Row row) {
        List<String> names = row.values().stream().map(String::strip).toList();
        boolean matches = names.size() == HEADER.size();
        for (int i = 0; matches && i < names.size(); i++) {
            matches = names.get(i).equalsIgnoreCase(HEADER.get(i));
        }
        if (!matches) {
            String found = String.join(",", names);
            throw invalid("The first line must be the header " + String.join(",", HEADER) + ", not "
                    + (found.length() > 200 ? found.substring(0, 200) + "..." : found));
        }
    }

    private static boolean isBlank(Row row) {
        return row.values().size() <= 1 && row.values().stream().allMatch(String::isBlank);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("The file is not UTF-8 text");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, "invalid-csv", "Invalid shipment file", detail);
    }
}
