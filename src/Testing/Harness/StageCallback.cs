namespace PluggableDmaBuf.Testing.Harness;

/// <summary>One call the harness made to a stage, in the order made.</summary>
/// <param name="StageId">The stage's <see cref="PipelineStage.Id"/>.</param>
/// <param name="Kind">Which call.</param>
/// <param name="Frame">The frame index for <see cref="StageCallbackKind.ProcessFrame"/>; -1 otherwise.</param>
/// <param name="Completed">For <see cref="StageCallbackKind.Complete"/>, the <c>completed</c> argument; <c>null</c> otherwise.</param>
public sealed record StageCallback(string StageId, StageCallbackKind Kind, int Frame = -1, bool? Completed = null)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StageCallbackKind.ProcessFrame => $"{StageId}.ProcessFrame({Frame})",
        StageCallbackKind.Complete => $"{StageId}.Complete({(Completed == true ? "true" : "false")})",
        _ => $"{StageId}.{Kind}",
    };
}
