namespace Docket.Domain.Items;

/// <summary>
/// The problems of one file: the first <see cref="ItemsFileLimits.MaxListedErrors"/> as they were found, and how
/// many there were in all. A 100 MB file of empty entries has millions of problems; nobody reads past the first
/// screenful, and keeping them all would take more memory than the file.
/// </summary>
sealed class ItemsFileErrors
{
    readonly List<ItemsFileError> listed = [];

    public int Count { get; private set; }

    public IReadOnlyList<ItemsFileError> Listed => listed;

    public void Add(int? index, string? name, string field, string message)
    {
        Count++;
        if (listed.Count < ItemsFileLimits.MaxListedErrors)
            listed.Add(new ItemsFileError(index, name, field, message));
    }
}
