using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Output;

/// <summary>Shows results as a table for people, or as JSON or CSV for programs, as --output asks.</summary>
public sealed class Printer(CliEnvironment environment, OutputFormat format)
{
    static readonly JsonSerializerOptions Json = new(DocketJson.Options) { WriteIndented = true };

    public OutputFormat Format => format;
    public IAnsiConsole Console => environment.Console;

    /// <summary>Rows as a table or CSV; <paramref name="json"/> (the rows by default) as JSON.</summary>
    public void Rows<T>(IEnumerable<T> rows, IReadOnlyList<Column<T>> columns, object? json = null)
    {
        var list = rows.ToList();
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(json ?? list);
                break;
            case OutputFormat.Csv:
                WriteCsv(list, columns);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Header)));
                foreach (var row in list)
                    table.AddRow(columns.Select(c => Markup.Escape(Visible(Text(c.Cell(row))))).ToArray());
                environment.Console.Write(table);
                break;
        }
    }

    /// <summary>
    /// Rows as they come: one JSON object a line (NDJSON) or CSV rows written as they arrive; a table (which needs
    /// every row to size its columns) once they are all in.
    /// </summary>
    public async Task StreamRowsAsync<T>(IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns)
    {
        switch (format)
        {
            case OutputFormat.Json:
                await foreach (var row in rows) WriteJsonLine(row);
                break;
            case OutputFormat.Csv:
                using (var csv = CsvWriterFor())
                {
                    foreach (var column in columns) csv.WriteField(column.Header);
                    await csv.NextRecordAsync();
                    await foreach (var row in rows)
                    {
                        foreach (var column in columns) csv.WriteField(Text(column.Cell(row)));
                        await csv.NextRecordAsync();
                        await csv.FlushAsync();
                    }
                }
                break;
            default:
                await RowsAsync(rows, columns);
                break;
        }
    }

    /// <summary>Every row, shown once all are in (a JSON array, CSV or a table).</summary>
    public async Task RowsAsync<T>(IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns)
    {
        var list = new List<T>();
        await foreach (var row in rows) list.Add(row);
        Rows(list, columns);
    }

    /// <summary>One object: a two-column table, one CSV row, or its JSON.</summary>
    public void Item<T>(T item, IReadOnlyList<Column<T>> fields)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(item);
                break;
            case OutputFormat.Csv:
                WriteCsv([item], fields);
                break;
            default:
                var grid = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
                foreach (var field in fields) grid.AddRow(Markup.Escape(field.Header),
                    Markup.Escape(Visible(Text(field.Cell(item)))));
                environment.Console.Write(grid);
                break;
        }
    }

    /// <summary>A line for people; nothing in JSON or CSV output, which must stay parseable.</summary>
    public void Note(string markup)
    {
        if (format == OutputFormat.Table) environment.Console.MarkupLine(markup);
    }

    /// <summary>One value as a single line of JSON (NDJSON when repeated).</summary>
    public void WriteJsonLine(object? value)
    {
        environment.Out.WriteLine(JsonSerializer.Serialize(value, DocketJson.Options));
        environment.Out.Flush();
    }

    public void WriteJson(object? value)
    {
        environment.Out.WriteLine(JsonSerializer.Serialize(value, Json));
        environment.Out.Flush();
    }

    // A cell starting with =, +, -, @, tab or return is a formula to a spreadsheet (a task named "=HYPERLINK(…)"
    // would run when the file is opened): CsvHelper prefixes such a cell with an apostrophe.
    CsvWriter CsvWriterFor() => new(environment.Out, new CsvConfiguration(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    }, leaveOpen: true);

    void WriteCsv<T>(IEnumerable<T> rows, IReadOnlyList<Column<T>> columns)
    {
        using var csv = CsvWriterFor();
        foreach (var column in columns) csv.WriteField(column.Header);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var column in columns) csv.WriteField(Text(column.Cell(row)));
            csv.NextRecord();
        }
        csv.Flush();
    }

    /// <summary>
    /// Text for a terminal: control and bidirectional formatting characters shown as <c>\uXXXX</c> rather than acted
    /// on (an escape sequence in a task name could rewrite the screen; an override could reverse what is read).
    /// </summary>
    public static string Visible(string text)
    {
        if (!text.Any(IsHidden)) return text;
        var shown = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsHidden(c)) shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else shown.Append(c);
        }
        return shown.ToString();
    }

    static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E')
            or (>= '\u2066' and <= '\u2069');

    public static string Text(object? value) => value switch
    {
        null => "",
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(", ", list),
        bool flag => flag ? "yes" : "no",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
