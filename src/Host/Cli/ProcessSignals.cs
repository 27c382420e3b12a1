using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// Takes SIGINT, SIGTERM and SIGHUP (a closed terminal) from the first line of <c>Main</c>, so a
/// signal at any moment after the runtime started — during start-up, plugin loading or the run — ends
/// <c>pdmabuf run</c> the documented way (exit 130, the summary and report written, every buffer
/// released) instead of the default action killing the process. A second signal while the first is
/// being handled gets the default action: the way out of a shutdown that hangs. A signal that comes
/// while the .NET runtime itself is still starting, before <c>Main</c>, gets the default action: no
/// program code runs yet to catch it.
/// </summary>
internal sealed class ProcessSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupted = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ProcessSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),

            // Last: the runtime does not catch SIGHUP on its own, so a caught SIGHUP tells an observer
            // (the early-signal test reads /proc/PID/status) that all three handlers are in place.
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        ];
    }

    /// <summary>Cancelled by the first SIGINT, SIGTERM or SIGHUP.</summary>
    public CancellationToken Interrupted => _interrupted.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _interrupted.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            return;
        }

        context.Cancel = true;
        _interrupted.Cancel();
    }
}
