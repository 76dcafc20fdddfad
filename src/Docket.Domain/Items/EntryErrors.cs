namespace Docket.Domain.Items;

/// <summary>
/// Collects the errors of one entry into the file's list. The name is attached only once it is known to be valid,
/// so that an error never points people at a name that is not really the entry's.
/// </summary>
sealed class EntryErrors(int index, List<ItemsFileError> errors)
{
    readonly int countBefore = errors.Count;

    public string? Name { get; set; }

    public bool Any => errors.Count > countBefore;

    public void Add(string field, string message) => errors.Add(new ItemsFileError(index, Name, field, message));
}
