namespace PluggableDmaBuf.Testing.Harness;

/// <summary>The failure a <see cref="StageHarness"/> injects when asked to with <see cref="StageHarness.FailAfter"/>.</summary>
public sealed class SimulatedFailureException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was simulated.</param>
    public SimulatedFailureException(string message)
        : base(message)
    {
    }
}
