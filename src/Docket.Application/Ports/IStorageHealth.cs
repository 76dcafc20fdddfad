namespace Docket.Application.Ports;

/// <summary>Whether storage answers.</summary>
public interface IStorageHealth
{
    /// <summary>One cheap call storage must answer (a data-plane read the deployment's data roles allow); throws
    /// when it does not.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
