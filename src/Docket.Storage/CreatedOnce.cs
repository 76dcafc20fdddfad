namespace Docket.Storage;

/// <summary>
/// Creates storage resources (tables, queues, containers) the first time they are needed, once per process;
/// a failed attempt is tried again by the next caller.
/// </summary>
public sealed class CreatedOnce(Func<CancellationToken, Task> create)
{
    readonly SemaphoreSlim gate = new(1, 1);
    volatile bool created;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (created) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (created) return;
            await create(cancellationToken);
            created = true;
        }
        finally
        {
            gate.Release();
        }
    }
}
