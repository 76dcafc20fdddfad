namespace Docket.Storage;

/// <summary>Where one row lives, written as Table Storage addresses it, so an operator can find it.</summary>
public sealed record RowAddress(string Table, string PartitionKey, string RowKey)
{
    public override string ToString() => $"{Table}(PartitionKey='{PartitionKey}',RowKey='{RowKey}')";
}
