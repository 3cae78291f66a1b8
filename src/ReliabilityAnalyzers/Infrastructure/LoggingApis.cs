using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Which logging API a call belongs to.</summary>
    internal enum LogApi
    {
        None,
        /// <summary>Microsoft.Extensions.Logging: LoggerExtensions.LogX, ILogger.Log.</summary>
        MicrosoftExtensions,
        /// <summary>A [LoggerMessage] method or a LoggerMessage.Define delegate.</summary>
        MicrosoftExtensionsGenerated,
        Serilog,
        NLog,
        Log4Net,
        /// <summary>Console, Debug, Trace: text only, no exception parameter.</summary>
        Console,
        /// <summary>
        /// A project's own logger: a type named like a logger ('IAppLogger', 'Log') whose level methods ('Warn', 'Error')
        /// include one that takes an exception, so the caught exception has somewhere to go.
        /// </summary>
        Own,
    }

    /// <summary>The level a log call writes at, as far as it is known.</summary>
    internal enum LogLevelKind
    {
        Unknown,
        Low,
        Warning,
        Error,
    }

    /// <summary>
    /// Logging APIs resolved once per compilation (matched by symbol). Create one in a compilation-start action.
    /// </summary>
    internal sealed class LoggingApis
    {
        private readonly INamedTypeSymbol? _melExtensions;
        private readonly INamedTypeSymbol? _melLogger;
        private readonly INamedTypeSymbol? _melLoggerMessageAttribute;
        private readonly INamedTypeSymbol? _melLogLevel;
        private readonly INamedTypeSymbol? _serilogLogger;
        private readonly INamedTypeSymbol? _serilogLog;
        private readonly INamedTypeSymbol? _nlogLoggerBase;
        private readonly INamedTypeSymbol? _nlogLogger;
        private readonly INamedTypeSymbol? _log4netLog;
        private readonly INamedTypeSymbol? _console;
        private readonly INamedTypeSymbol? _debug;
        private readonly INamedTypeSymbol? _trace;
        private readonly INamedTypeSymbol? _textWriter;

        // Per type: whether it is a project's own logger (name and an exception-taking level method); asked per call.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> _ownLoggers =
            new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        // Held once: a method group passed to GetOrAdd would allocate a delegate on every call.
        private readonly System.Func<INamedTypeSymbol, bool> _isOwnLogger;

        /// <summary>The compilation's shared instance: five exception rules classify log calls with the same tables.</summary>
        public static LoggingApis For(KnownTypes types) => PerCompilation<LoggingApis>.Get(types.Compilation, _ => new LoggingApis(types))!;

        public LoggingApis(KnownTypes types)
        {
            _melExtensions = types.Get("Microsoft.Extensions.Logging.LoggerExtensions");
            _melLogger = types.Get(KnownTypes.ILogger);
            _melLoggerMessageAttribute = types.Get("Microsoft.Extensions.Logging.LoggerMessageAttribute");
            _melLogLevel = types.Get("Microsoft.Extensions.Logging.LogLevel");
            _serilogLogger = types.Get("Serilog.ILogger");
            _serilogLog = types.Get("Serilog.Log");
            _nlogLoggerBase = types.Get("NLog.ILoggerBase");
            _nlogLogger = types.Get("NLog.Logger");
            _log4netLog = types.Get("log4net.ILog");
            _console = types.Get("System.Console");
            _debug = types.Get("System.Diagnostics.Debug");
            _trace = types.Get("System.Diagnostics.Trace");
            _textWriter = types.Get("System.IO.TextWriter");
            Exception = types.Get(KnownTypes.Exception);
            _isOwnLogger = IsOwnLogger;
        }

        public INamedTypeSymbol? Exception { get; }

        /// <summary>Microsoft.Extensions.Logging.ILogger, when referenced.</summary>
        public INamedTypeSymbol? MelLogger => _melLogger;

        /// <summary>Microsoft.Extensions.Logging.LoggerMessageAttribute, when referenced.</summary>
        public INamedTypeSymbol? LoggerMessageAttribute => _melLoggerMessageAttribute;

        /// <summary>True when a logging library with an exception parameter is referenced.</summary>
        public bool HasStructuredLogger =>
            _melLogger != null || _serilogLogger != null || _nlogLoggerBase != null || _nlogLogger != null || _log4netLog != null;

        public LogApi Classify(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? owner = method.ContainingType;
            if (owner is null)
            {
                return LogApi.None;
            }

            if (_melLogger != null)
            {
                if (SymbolEqualityComparer.Default.Equals(owner, _melExtensions)
                    || (method.Name == "Log" && owner.IsOrImplements(_melLogger)))
                {
                    return LogApi.MicrosoftExtensions;
                }

                // [LoggerMessage] methods must return void (the generator rejects others): test that before reading attributes.
                if (_melLoggerMessageAttribute != null && method.ReturnsVoid && method.MethodKind == MethodKind.Ordinary
                    && HasAttribute(method, _melLoggerMessageAttribute))
                {
                    return LogApi.MicrosoftExtensionsGenerated;
                }

                // LoggerMessage.Define(...) delegates: Action<ILogger, ..., Exception?>.
                if (method.MethodKind == MethodKind.DelegateInvoke && method.Parameters.Length > 0
                    && method.Parameters[0].Type.IsOrImplements(_melLogger))
                {
                    return LogApi.MicrosoftExtensionsGenerated;
                }
            }

            // The name test first: walking a type's interfaces for every call in the compilation is the expensive part.
            if (IsLevelMethod(method.Name))
            {
                if (_serilogLogger != null
                    && (SymbolEqualityComparer.Default.Equals(owner, _serilogLog) || owner.IsOrImplements(_serilogLogger)))
                {
                    return LogApi.Serilog;
                }

                if ((_nlogLoggerBase != null || _nlogLogger != null)
                    && (owner.IsOrImplements(_nlogLoggerBase) || owner.InheritsFromOrEquals(_nlogLogger)))
                {
                    return LogApi.NLog;
                }

                if (_log4netLog != null && owner.IsOrImplements(_log4netLog))
                {
                    return LogApi.Log4Net;
                }
            }

            if (SymbolEqualityComparer.Default.Equals(owner, _console)
                && (method.Name == "WriteLine" || method.Name == "Write"))
            {
                return LogApi.Console;
            }

            if (SymbolEqualityComparer.Default.Equals(owner, _debug) || SymbolEqualityComparer.Default.Equals(owner, _trace))
            {
                return method.Name.StartsWith("Write", System.StringComparison.Ordinal)
                    || method.Name.StartsWith("Trace", System.StringComparison.Ordinal)
                    || method.Name == "Print" ? LogApi.Console : LogApi.None;
            }

            // Console.Error.WriteLine(...) / Console.Out.WriteLine(...)
            if ((method.Name == "WriteLine" || method.Name == "Write") && owner.InheritsFromOrEquals(_textWriter)
                && invocation.Instance is IPropertyReferenceOperation property
                && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _console))
            {
                return LogApi.Console;
            }

            // Names first (no allocation, no dictionary traffic for 'stream.Write'), then the cached per-type answer.
            if (Exception != null && IsOwnLevelMethod(method.Name) && IsLoggerName(owner.Name) && _ownLoggers.GetOrAdd(owner, _isOwnLogger))
            {
                return LogApi.Own;
            }

            return LogApi.None;
        }

        // A level method of a project's own logger: 'Warn', 'Error', ... or the 'LogError' / 'LogWarning' forms.
        private static bool IsOwnLevelMethod(string name)
        {
            switch (name)
            {
                case "LogVerbose":
                case "LogTrace":
                case "LogDebug":
                case "LogInformation":
                case "LogInfo":
                case "LogWarning":
                case "LogWarn":
                case "LogError":
                case "LogCritical":
                case "LogFatal":
                    return true;
                default:
                    return IsLevelMethod(name);
            }
        }

        /// <summary>
        /// A type named like a logger ('...Logger', '...Log' as its own word, not 'Dialog' or 'Catalog') with a level method
        /// that takes an exception: the project's own logging facade, which can record the caught exception.
        /// </summary>
        private bool IsOwnLogger(INamedTypeSymbol owner)
        {
            foreach (INamedTypeSymbol type in SelfAndInterfaces(owner))
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IMethodSymbol candidate && IsOwnLevelMethod(candidate.Name)
                        && HasExceptionParameter(candidate))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> SelfAndInterfaces(INamedTypeSymbol owner)
        {
            yield return owner;
            foreach (INamedTypeSymbol inherited in owner.AllInterfaces)
            {
                yield return inherited;
            }
        }

        // Case-sensitive: 'AppLog', 'Log', 'IServiceLogger'; not 'Dialog' or 'Catalog'.
        private static bool IsLoggerName(string name) =>
            name.EndsWith("Logger", System.StringComparison.Ordinal) || name.EndsWith("Log", System.StringComparison.Ordinal);

        /// <summary>A logger's level method by name (Info, Warn, Error, Write, Log, ErrorFormat, ...), also for syntax-only checks.</summary>
        internal static bool IsLevelMethod(string name)
        {
            switch (name)
            {
                case "Verbose":
                case "Trace":
                case "Debug":
                case "Information":
                case "Info":
                case "Warning":
                case "Warn":
                case "Error":
                case "Fatal":
                case "Write":
                case "Log":
                case "DebugFormat":
                case "InfoFormat":
                case "WarnFormat":
                case "ErrorFormat":
                case "FatalFormat":
                    return true;
                default:
                    return false;
            }
        }

        private static bool HasAttribute(IMethodSymbol method, INamedTypeSymbol attribute)
        {
            foreach (AttributeData data in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            IMethodSymbol? partialDefinition = method.PartialDefinitionPart;
            return partialDefinition != null && !SymbolEqualityComparer.Default.Equals(partialDefinition, method) && HasAttribute(partialDefinition, attribute);
        }

        /// <summary>The level of a log call: from the method name, or from a constant LogLevel argument.</summary>
        public LogLevelKind Level(IInvocationOperation invocation)
        {
            string name = invocation.TargetMethod.Name;
            if (name.IndexOf("Critical", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Fatal", System.StringComparison.Ordinal) >= 0
                || name.IndexOf("Error", System.StringComparison.Ordinal) >= 0 || name == "Fail")
            {
                return LogLevelKind.Error;
            }

            if (name.IndexOf("Warn", System.StringComparison.Ordinal) >= 0)
            {
                return LogLevelKind.Warning;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Value.Type != null && _melLogLevel != null
                    && SymbolEqualityComparer.Default.Equals(argument.Value.Type, _melLogLevel))
                {
                    if (argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is int level)
                    {
                        // Trace 0, Debug 1, Information 2, Warning 3, Error 4, Critical 5, None 6.
                        return level >= 4 ? LogLevelKind.Error : level == 3 ? LogLevelKind.Warning : LogLevelKind.Low;
                    }

                    return LogLevelKind.Unknown;
                }
            }

            if (name == "Log" || name == "Write")
            {
                return LogLevelKind.Unknown;
            }

            return LogLevelKind.Low;
        }

        /// <summary>
        /// A call below Information: Debug / Trace / Verbose by name (LogDebug, Debug, DebugFormat, Verbose), or
        /// Microsoft.Extensions.Logging's Log(LogLevel.Trace | LogLevel.Debug, ...). <see cref="Level"/> counts these as Low.
        /// </summary>
        public bool IsBelowInformation(IInvocationOperation invocation)
        {
            string name = invocation.TargetMethod.Name;
            if (name.IndexOf("Debug", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Trace", System.StringComparison.Ordinal) >= 0
                || name.IndexOf("Verbose", System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (_melLogLevel != null && SymbolEqualityComparer.Default.Equals(argument.Value.Type, _melLogLevel))
                {
                    // Trace 0, Debug 1.
                    return argument.Value.ConstantValue is { HasValue: true, Value: int level } && level <= 1;
                }
            }

            return false;
        }

        /// <summary>True when an exception value reaches a parameter of the log call that takes an exception.</summary>
        public bool PassesException(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IParameterSymbol? parameter = argument.Parameter;
                if (parameter is null)
                {
                    continue;
                }

                if (!IsExceptionParameter(parameter))
                {
                    continue;
                }

                IOperation value = Operations.Unwrap(argument.Value);
                if (value.ConstantValue.HasValue && value.ConstantValue.Value is null)
                {
                    continue;
                }

                if (value is IDefaultValueOperation)
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        /// <summary>True when the log call has a parameter that takes an exception.</summary>
        public bool HasExceptionParameter(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (IsExceptionParameter(parameter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A logger parameter that takes the exception object (an Exception, or log4net-style 'object exception').</summary>
        public bool IsExceptionParameter(IParameterSymbol parameter) =>
            parameter.Type.InheritsFromOrEquals(Exception) || (parameter.Name == "exception" && parameter.Type.SpecialType == SpecialType.System_Object);

    }
}
