namespace Docket.Cli.Output;

public enum OutputFormat
{
    Table,
    Json,
    Csv,
}
