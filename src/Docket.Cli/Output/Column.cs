namespace Docket.Cli.Output;

/// <summary>One column of a table or CSV: its header and how a row shows in it.</summary>
public sealed record Column<T>(string Header, Func<T, object?> Cell);
