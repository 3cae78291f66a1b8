using Microsoft.AspNetCore.Server.Kestrel.Core;
using NotificationService.Fixed;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

// Connection limits: an overloaded server refuses new sockets instead of running out of memory.
builder.Services.Configure<KestrelServerOptions>(options =>
{
    options.Limits.MaxConcurrentConnections = 2_000;
    options.Limits.MaxConcurrentUpgradedConnections = 1_000;
});

// One multiplexer for the process, connected at start-up by the host, never per call.
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.Connect(builder.Configuration["Redis"] ?? "localhost:6379"));
builder.Services.AddRedisResilience();
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton<ChatHub>();
builder.Services.AddHttpClient<LlmClient>(client =>
    {
        client.BaseAddress = new Uri(builder.Configuration["Llm:BaseAddress"] ?? throw new InvalidOperationException("Llm:BaseAddress is not set"));
        client.Timeout = TimeSpan.FromSeconds(100);
    })
    .AddStandardResilienceHandler();
builder.Services.AddHttpClient<WebhookDispatcher>(client => client.Timeout = TimeSpan.FromSeconds(100))
    .AddStandardResilienceHandler();
builder.Services.AddHostedService<NotificationWorker>();

var app = builder.Build();

app.UseWebSockets();
app.Map("/ws", async (HttpContext context, ChatHub hub) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await hub.RunAsync(socket, context.RequestAborted);
});

app.Run();
