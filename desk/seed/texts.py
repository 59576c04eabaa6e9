"""Words for seeded requests: subjects, customer messages, replies and internal notes in English
and Russian, put together from parts so that the text varies (and search has something to rank:
"платежи" must find "Платёж", "payments" must find "payment")."""

from __future__ import annotations

import random
from typing import Final

SUBJECTS: Final = {
    "en": (
        "Checkout page shows a PHP warning",
        "Shipping rates missing for Germany",
        "Tax is charged twice on digital goods",
        "Product images do not load after upgrade",
        "Search results are empty",
        "Customer cannot reset the password",
        "Payment gateway declines every card",
        "Order confirmation emails are not sent",
        "Coupon codes stopped working",
        "Admin panel is very slow since the update",
        "Currency switcher shows wrong prices",
        "Import of products fails at row 500",
    ),
    "ru": (
        "Платёж не проходит через банк",
        "Не отправляются письма о заказе",
        "Пропали картинки товаров после обновления",
        "Доставка в Казахстан не считается",
        "Купоны перестали работать",
        "Медленно открывается панель администратора",
        "Поиск по каталогу ничего не находит",
        "Ошибка при оформлении заказа",
        "Двойное списание налога",
        "Не работает восстановление пароля",
    ),
}
OPENINGS: Final = {
    "en": (
        "Hello, since yesterday",
        "Hi team, after the last upgrade",
        "Good morning. Starting this week",
        "Hello again:",
        "We noticed today that",
    ),
    "ru": (
        "Здравствуйте, со вчерашнего дня",
        "Добрый день! После последнего обновления",
        "Привет, команда. С начала недели",
        "Снова здравствуйте:",
        "Сегодня заметили, что",
    ),
}
PROBLEMS: Final = {
    "en": (
        "the page shows 'Warning: Undefined index' and customers cannot pay.",
        "payments fail with error 500 for every card.",
        "the product images are missing on mobile.",
        "shipping to Germany and Austria shows no rates at all.",
        "the tax is added twice to downloadable products.",
        "order emails never reach our customers.",
        "the search box returns nothing for words that exist in the catalogue.",
        "the admin takes thirty seconds to open the orders list.",
        "coupons are rejected as expired although they are valid.",
    ),
    "ru": (
        "платежи не проходят, покупатели видят ошибку 500.",
        "на странице оплаты пишет «Warning: Undefined index», заказ не оформить.",
        "пропали изображения товаров в мобильной версии.",
        "доставка в Германию и Казахстан не рассчитывается.",
        "налог добавляется дважды к цифровым товарам.",
        "письма о заказах не доходят до покупателей.",
        "поиск по каталогу ничего не находит, хотя товары есть.",
        "панель администратора открывает список заказов полминуты.",
        "купоны отклоняются как просроченные, хотя срок не истёк.",
    ),
}
DETAILS: Final = {
    "en": (
        "We use the default theme with two payment modules.",
        "Nothing changed on our side except the upgrade.",
        "The error log is attached below.",
        "It happens only for guests, logged-in customers are fine.",
        "Please look as soon as you can, we are losing orders.",
        "",
    ),
    "ru": (
        "Тема стандартная, модулей оплаты два.",
        "С нашей стороны ничего не меняли, кроме обновления.",
        "Журнал ошибок приложили ниже.",
        "Ошибка только у гостей, у вошедших покупателей всё работает.",
        "Посмотрите, пожалуйста, побыстрее: теряем заказы.",
        "",
    ),
}
REPLIES: Final = {
    "en": (
        "Thank you: we fixed the template, please check again.",
        "The payment module was misconfigured; we corrected the API keys.",
        "We cleared the image cache and regenerated thumbnails, they load now.",
        "The shipping zone for Germany had no carrier; we added one.",
        "Please update the tax rules module to the latest version, it fixes the double tax.",
        "Your mail server rejected our messages; we switched the shop to SMTP.",
    ),
    "ru": (
        "Исправили настройки модуля оплаты, проверьте, пожалуйста.",
        "Очистили кеш изображений и пересоздали миниатюры, картинки вернулись.",
        "Для зоны доставки не был выбран перевозчик, добавили.",
        "Обновите модуль налогов до последней версии: двойного налога больше не будет.",
        "Почтовый сервер отклонял письма, переключили магазин на SMTP.",
        "Платёж теперь проходит: банк сменил адрес для уведомлений.",
    ),
}
FOLLOW_UPS: Final = {
    "en": (
        "It still happens for some customers, could you look again?",
        "Thanks, that helped, but now the cart is empty after login.",
        "The payment went through once, then failed again.",
    ),
    "ru": (
        "У части покупателей ошибка осталась, посмотрите ещё раз?",
        "Спасибо, помогло, но теперь корзина пустеет после входа.",
        "Один платёж прошёл, потом снова ошибка.",
    ),
}
NOTES: Final = (
    "Reproduced on staging: opcache keeps the old template.",
    "Customer's hosting runs PHP 7.4, the module needs 8.1.",
    "Escalated to the payments team, waiting for the bank's answer.",
    "Похоже на конфликт модулей, проверил на копии магазина.",
    "Клиент просил звонок, предложил время в четверг.",
    "Duplicate of an older request about webhooks from the gateway.",
)


def subject(rng: random.Random, language: str) -> str:
    return rng.choice(SUBJECTS[language])


def customer_message(rng: random.Random, language: str) -> str:
    detail = rng.choice(DETAILS[language])
    text = f"{rng.choice(OPENINGS[language])} {rng.choice(PROBLEMS[language])}"
    return f"{text} {detail}" if detail else text


def reply(rng: random.Random, language: str) -> str:
    return rng.choice(REPLIES[language])


def follow_up(rng: random.Random, language: str) -> str:
    return rng.choice(FOLLOW_UPS[language])


def note(rng: random.Random) -> str:
    return rng.choice(NOTES)
