using System.Security.Cryptography;
using System.Text;

namespace Docket.Domain.StageMoves;

/// <summary>
/// With a review stage's reviewPercent below 1, a deterministic sample of tasks is reviewed: the same task and
/// stage always get the same answer, so a redelivered move decides the same way.
/// </summary>
public static class ReviewSampling
{
    public static bool IsSampled(string taskId, string stageName, decimal reviewPercent)
    {
        if (reviewPercent >= 1m) return true;
        if (reviewPercent <= 0m) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(taskId + "|" + stageName));
        var fraction = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(hash) / (decimal)uint.MaxValue;
        return fraction < reviewPercent;
    }
}
