namespace Docket.Benchmarks;

/// <summary>One line of the final table; <see cref="Met"/> is null where the issue sets no target.</summary>
public sealed record SummaryRow(string Scenario, string Figure, string Raw, string Ratio, string Target, bool? Met);

public static class Summary
{
    public static void Print(IReadOnlyList<SummaryRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | figure | raw | ratio | target | met |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
            Console.WriteLine(
                $"| {row.Scenario} | {row.Figure} | {row.Raw} | {row.Ratio} | {row.Target} | " +
                $"{row.Met switch { true => "yes", false => "**no**", null => "—" }} |");
    }
}
